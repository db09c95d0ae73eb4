#include "core/queue_inspector.hpp"

#include <array>
#include <utility>

namespace ep::core {
namespace {
constexpr std::array<std::pair<EventLocation, std::string_view>, 5> kNames{{
    {EventLocation::kActive, "active"},
    {EventLocation::kDelayed, "delayed"},
    {EventLocation::kDead, "dead"},
    {EventLocation::kProcessing, "processing"},
    {EventLocation::kMarketClosed, "market_closed"},
}};
}  // namespace

std::string_view to_string(EventLocation location) {
  for (const auto& [value, name] : kNames) {
    if (value == location) return name;
  }
  return "active";
}

std::optional<EventLocation> parse_event_location(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace ep::core
