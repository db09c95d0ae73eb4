#include "monitor_http/api_context.hpp"

#include <exception>

#include "logging/log.hpp"
#include "monitor_http/redact.hpp"

namespace ep::monitor_http {

LiveStatus ApiContext::live() const {
  LiveStatus status;
  if (!live_status_provider) {
    status.trading_mode_error = "no live status provider";
    return status;
  }
  try {
    status = live_status_provider();
  } catch (const std::exception& error) {
    log::error("management API: live status provider failed", {{"error", error.what()}});
    status = LiveStatus{};
    status.trading_mode_error = "live status unavailable";
    return status;
  } catch (...) {
    status = LiveStatus{};
    status.trading_mode_error = "live status unavailable";
    return status;
  }
  status.processor = redact_secrets(status.processor);
  status.gateway = redact_secrets(status.gateway);
  return status;
}

std::string ApiContext::service_version(const LiveStatus& live) const {
  return live.service_version.empty() ? settings.service_version : live.service_version;
}

}  // namespace ep::monitor_http
