// Validation of what clients send: query parameters, event ids, POST bodies. Pure functions;
// each throws HttpError (4xx with a detail naming the problem) on bad input. Any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/queue_inspector.hpp"

namespace ep::monitor_http {

inline constexpr std::size_t kDefaultLimit = 100;
inline constexpr std::size_t kMaxLimit = 1000;
inline constexpr std::size_t kMaxEventIdLength = 128;

// `limit` query value: absent -> kDefaultLimit; otherwise a decimal integer in 1..kMaxLimit.
std::size_t parse_limit(const std::optional<std::string>& text);

// `offset` query value (listings are paged with limit and offset): absent -> 0; otherwise a
// decimal integer in 0..kMaxOffset.
inline constexpr std::size_t kMaxOffset = 1'000'000'000;
std::size_t parse_offset(const std::optional<std::string>& text);

// `type` query value: absent -> nullopt (active then delayed); else one of the locations.
std::optional<core::EventLocation> parse_type(const std::optional<std::string>& text);

// An event id from the path: 1..128 characters of [A-Za-z0-9._:-].
void check_event_id(std::string_view event_id);

struct NewEvent {
  std::string account_id;
  std::string exec_command;
  nlohmann::json data;  // always an object
};

// POST /queue/events body: {"account_id": string, "exec_command": one of the known commands,
// "data": object}. 400 for a body that is not a JSON object, 422 for missing or mistyped fields.
NewEvent parse_new_event(std::string_view body);

}  // namespace ep::monitor_http
