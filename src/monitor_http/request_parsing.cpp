#include "monitor_http/request_parsing.hpp"

#include <array>
#include <charconv>

#include "core/commands.hpp"
#include "core/json_limits.hpp"
#include "monitor_http/http_error.hpp"

namespace ep::monitor_http {
namespace {

constexpr int kBadRequest = 400;
constexpr int kUnprocessable = 422;
constexpr std::size_t kMaxAccountIdLength = 64;

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

const nlohmann::json& require_field(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) {
    throw HttpError(kUnprocessable, std::string("field '") + name + "' is required");
  }
  return *it;
}

std::string require_string(const nlohmann::json& body, const char* name) {
  const auto& value = require_field(body, name);
  if (!value.is_string()) {
    throw HttpError(kUnprocessable, std::string("field '") + name + "' must be a string");
  }
  return value.get<std::string>();
}

}  // namespace

std::size_t parse_limit(const std::optional<std::string>& text) {
  if (!text) return kDefaultLimit;
  const std::string range = "limit must be an integer from 1 to " + std::to_string(kMaxLimit);
  std::size_t value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (text->empty() || ec != std::errc() || ptr != end) {
    throw HttpError(kUnprocessable, range + ", got a value that is not a number");
  }
  if (value < 1 || value > kMaxLimit) {
    throw HttpError(kUnprocessable, range + ", got " + std::to_string(value));
  }
  return value;
}

std::size_t parse_offset(const std::optional<std::string>& text) {
  if (!text) return 0;
  const std::string range = "offset must be an integer from 0 to " + std::to_string(kMaxOffset);
  std::size_t value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (text->empty() || ec != std::errc() || ptr != end || value > kMaxOffset) {
    throw HttpError(kUnprocessable, range);
  }
  return value;
}

std::optional<core::EventLocation> parse_type(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto location = core::parse_event_location(*text);
  if (!location) {
    throw HttpError(kUnprocessable,
                    "type must be one of active, delayed, dead, processing, market_closed");
  }
  return location;
}

void check_event_id(std::string_view event_id) {
  if (event_id.empty() || event_id.size() > kMaxEventIdLength) {
    throw HttpError(kBadRequest, "event id must be 1 to " + std::to_string(kMaxEventIdLength) +
                                     " characters long");
  }
  for (char c : event_id) {
    if (!is_id_char(c)) {
      throw HttpError(kBadRequest,
                      "event id may contain only letters, digits and the characters . _ : -");
    }
  }
}

NewEvent parse_new_event(std::string_view body) {
  // Checked before any tree is built: a deep body would overflow the stack later on (copying
  // "data"), whatever transfer encoding brought it.
  if (body.size() > core::kRequestJsonLimits.max_bytes) {
    throw HttpError(413, "request body larger than " +
                             std::to_string(core::kRequestJsonLimits.max_bytes) + " bytes");
  }
  if (auto refused = core::check_json_limits(body, core::kRequestJsonLimits)) {
    throw HttpError(kBadRequest, "request body refused: " + *refused);
  }
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw HttpError(kBadRequest, "request body is not valid JSON");
  if (!parsed.is_object()) throw HttpError(kBadRequest, "request body must be a JSON object");

  NewEvent event;
  event.account_id = require_string(parsed, "account_id");
  if (event.account_id.empty() || event.account_id.size() > kMaxAccountIdLength) {
    throw HttpError(kUnprocessable, "field 'account_id' must be 1 to " +
                                        std::to_string(kMaxAccountIdLength) + " characters long");
  }
  for (char c : event.account_id) {
    if (!is_id_char(c) || c == ':') {
      throw HttpError(kUnprocessable,
                      "field 'account_id' may contain only letters, digits and . _ -");
    }
  }
  event.exec_command = require_string(parsed, "exec_command");
  if (!core::find_command(event.exec_command)) {
    throw HttpError(kUnprocessable, "field 'exec_command' must be one of " + core::command_names());
  }
  const auto& data = require_field(parsed, "data");
  if (!data.is_object()) throw HttpError(kUnprocessable, "field 'data' must be a JSON object");
  event.data = data;
  return event;
}

}  // namespace ep::monitor_http
