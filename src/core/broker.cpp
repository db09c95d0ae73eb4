#include "core/broker.hpp"

namespace ep::core {

std::string_view to_string(PriceSource source) {
  switch (source) {
    case PriceSource::kLive:
      return "live";
    case PriceSource::kFrozen:
      return "frozen";
    case PriceSource::kDelayed:
      return "delayed";
    case PriceSource::kHistoricalClose:
      return "historical_close";
  }
  return "live";
}

std::string_view to_string(OrderType type) {
  return type == OrderType::kLimit ? "LMT" : "MKT";
}

std::string_view to_string(OrderState state) {
  switch (state) {
    case OrderState::kFilled:
      return "Filled";
    case OrderState::kCancelled:
      return "Cancelled";
    case OrderState::kInactive:
      return "Inactive";
    case OrderState::kRejected:
      return "Rejected";
    case OrderState::kUnknown:
      return "Unknown";
  }
  return "Unknown";
}

std::string describe(const BrokerWait& wait) {
  using std::chrono::seconds;
  // The limit is measured from a deadline taken a moment before the wait began: round it.
  return wait.what + ", " + std::to_string(std::chrono::floor<seconds>(wait.waited).count()) +
         " s of " + std::to_string(std::chrono::round<seconds>(wait.limit).count()) + " s";
}

}  // namespace ep::core
