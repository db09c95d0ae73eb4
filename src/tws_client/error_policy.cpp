#include "tws_client/error_policy.hpp"

#include "tws/error_codes.hpp"

namespace ep::tws_client {

core::ErrorKind error_kind(int code) {
  switch (tws::classify_error(code)) {
    case tws::ErrorClass::kRejection:
      return core::ErrorKind::kRejected;
    case tws::ErrorClass::kContract:
      return core::ErrorKind::kInvalidInput;
    case tws::ErrorClass::kInfo:
    case tws::ErrorClass::kConnectivity:
    case tws::ErrorClass::kPacing:
    case tws::ErrorClass::kMarketData:
    case tws::ErrorClass::kOther:
      return core::ErrorKind::kUnavailable;
  }
  return core::ErrorKind::kUnavailable;
}

bool is_notice(int code) {
  if (tws::classify_error(code) == tws::ErrorClass::kInfo) return true;
  // 2100-2199 are warnings by IB's own convention (ib_async treats them so too).
  return code >= 2100 && code <= 2199;
}

std::string describe(const tws::ErrorMessage& message) {
  return "TWS " + std::to_string(message.code) + ": " + message.message;
}

core::Error to_error(const tws::ErrorMessage& message, const std::string& context) {
  return core::Error{error_kind(message.code), context + describe(message)};
}

bool is_delayed_data_advisory(int code) {
  return code == 10167;
}
bool is_partial_market_data(int code) {
  return code == 10090;
}
bool is_cancel_confirmation(int code) {
  return code == 202;
}
bool is_order_already_gone(int code) {
  return code == 10147 || code == 10148 || code == 161;
}

}  // namespace ep::tws_client
