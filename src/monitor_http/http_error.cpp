#include "monitor_http/http_error.hpp"

#include "logging/log.hpp"

namespace ep::monitor_http {

void throw_store_error(const core::Error& error, const std::string& action) {
  switch (error.kind) {
    case core::ErrorKind::kUnavailable:
      throw HttpError(503,
                      "queue store unavailable while trying to " + action + ": " + error.message);
    case core::ErrorKind::kInvalidInput:
      throw HttpError(422, error.message);
    default:
      log::error(
          "management API: queue store failed",
          {{"action", action}, {"kind", core::to_string(error.kind)}, {"error", error.message}});
      throw HttpError(500, "internal error while trying to " + action);
  }
}

}  // namespace ep::monitor_http
