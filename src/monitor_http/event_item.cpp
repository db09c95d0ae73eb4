#include "monitor_http/event_item.hpp"

#include "core/iso_time.hpp"
#include "core/json_limits.hpp"

namespace ep::monitor_http {
namespace {

// The event's "data" object; a dead letter may wrap the event as a string under "event".
nlohmann::json data_of(const nlohmann::json& event) {
  auto data = event.find("data");
  if (data != event.end() && data->is_object()) return *data;
  auto wrapped = event.find("event");
  if (wrapped != event.end() && wrapped->is_string() &&
      !core::check_json_limits(wrapped->get_ref<const std::string&>(), core::kEventJsonLimits)) {
    auto inner = nlohmann::json::parse(wrapped->get<std::string>(), nullptr, false);
    if (inner.is_object()) return data_of(inner);
  }
  return nlohmann::json::object();
}

// The first bytes of a payload that cannot be shown whole, cut on a UTF-8 character boundary.
std::string payload_excerpt(const std::string& payload) {
  constexpr std::size_t kMaxBytes = 256;
  if (payload.size() <= kMaxBytes) return payload;
  std::size_t end = kMaxBytes;
  while (end > 0 && (static_cast<unsigned char>(payload[end]) & 0xC0) == 0x80) --end;
  return payload.substr(0, end) + "... (" + std::to_string(payload.size()) + " bytes)";
}

}  // namespace

nlohmann::json event_item(const core::EventView& view, std::chrono::seconds retry_delay) {
  nlohmann::json item = {
      {"event_id", view.event_id},
      {"account_id", view.account_id},
      {"exec_command", view.exec_command},
      {"times_queued", view.times_queued},
      {"created_at", view.created_at},
      {"type", std::string(core::to_string(view.location))},
      {"retry_after", nullptr},
  };
  if (view.location == core::EventLocation::kDelayed && view.score) {
    item["retry_after"] = core::format_iso_time(
        core::from_unix_seconds(*view.score + static_cast<double>(retry_delay.count())));
  }
  if (view.location == core::EventLocation::kMarketClosed && view.score) {
    item["execution_time"] = core::format_iso_time(core::from_unix_seconds(*view.score));
  }
  // A payload too deep or too large for a tree is shown cut, with the reason, never parsed:
  // copying or printing a deep tree would overflow the stack.
  if (auto refused = core::check_json_limits(view.payload, core::kEventJsonLimits)) {
    item["data"] = nlohmann::json::object();
    item["payload"] = payload_excerpt(view.payload);
    item["payload_error"] = "event " + *refused;
    if (!view.reason.empty()) item["reason"] = view.reason;
    return item;
  }
  auto event = nlohmann::json::parse(view.payload, nullptr, /*allow_exceptions=*/false);
  if (event.is_object()) {
    item["data"] = data_of(event);
  } else {
    item["data"] = nlohmann::json::object();
    item["payload"] = view.payload;
  }
  if (!view.reason.empty()) item["reason"] = view.reason;
  return item;
}

}  // namespace ep::monitor_http
