// RedisClient: a tiny RESP2 client over a plain TCP socket, for tests only. It deliberately
// shares no code with the production adapter (src/redis_queue uses hiredis), so a test that
// checks the adapter's writes with it is not fooled by a bug both would share. Blocking calls
// with a socket timeout; throws std::runtime_error on connection or protocol trouble (gtest
// reports it as a failure). One thread at a time per client.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ep::test {

struct RespValue {
  enum class Type { kNil, kString, kStatus, kInteger, kArray, kError };
  Type type = Type::kNil;
  std::string text;  // string, status, error
  std::int64_t integer = 0;
  std::vector<RespValue> elements;

  bool is_nil() const { return type == Type::kNil; }
  bool is_error() const { return type == Type::kError; }
};

class RedisClient {
 public:
  // Connects to host:port within `timeout` (also used as the socket timeout of each command).
  explicit RedisClient(int port, std::string host = "127.0.0.1",
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  ~RedisClient();
  RedisClient(RedisClient&& other) noexcept;
  RedisClient& operator=(RedisClient&&) = delete;
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Nullopt instead of an exception when nothing listens (used to poll for readiness).
  static std::optional<RedisClient> try_connect(int port, std::chrono::milliseconds timeout);

  // Any command; an error reply comes back as Type::kError.
  RespValue command(const std::vector<std::string>& args);
  // Convenience: the reply as a string ("" for nil), an integer, or an array of strings. They
  // throw on an error reply or an unexpected type.
  std::string str(const std::vector<std::string>& args);
  std::int64_t integer(const std::vector<std::string>& args);
  std::vector<std::string> array(const std::vector<std::string>& args);
  // Reads one more reply without sending anything: the stream of MONITOR or SUBSCRIBE.
  RespValue read_reply() { return read_value(0); }

 private:
  explicit RedisClient(int fd, std::chrono::milliseconds timeout);
  RespValue read_value(int depth);
  std::string read_line();
  std::string read_exact(std::size_t count);
  void fill();

  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
  std::size_t offset_ = 0;
};

}  // namespace ep::test
