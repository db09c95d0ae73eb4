#include "core/result.hpp"

namespace ep::core {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return "invalid_input";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kRejected:
      return "rejected";
    case ErrorKind::kMarketClosed:
      return "market_closed";
    case ErrorKind::kUnknownOutcome:
      return "unknown_outcome";
    case ErrorKind::kInternal:
      return "internal";
    case ErrorKind::kClaimLost:
      return "claim_lost";
  }
  return "internal";
}

}  // namespace ep::core
