// A Redis reply as a plain value, copied out of hiredis's redisReply so it outlives the context
// and can be handed around freely. Made by RedisConnection; read by the adapter's callers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ep::redis_queue {

struct RedisReply {
  enum class Type { kNil, kString, kStatus, kInteger, kArray, kError };

  Type type = Type::kNil;
  std::string text;                  // kString, kStatus, kError
  std::int64_t integer = 0;          // kInteger
  std::vector<RedisReply> elements;  // kArray

  bool is_nil() const { return type == Type::kNil; }
  // The text of a bulk or status string; nullopt for nil and other types.
  std::optional<std::string> as_string() const {
    if (type == Type::kString || type == Type::kStatus) return text;
    return std::nullopt;
  }
  // The elements' texts of an array of strings (nil elements and others are skipped).
  std::vector<std::string> as_strings() const {
    std::vector<std::string> out;
    for (const auto& element : elements) {
      if (auto value = element.as_string()) out.push_back(std::move(*value));
    }
    return out;
  }
};

}  // namespace ep::redis_queue
