// What the running service says about itself, for the health and readiness answers. The app
// builds one on demand (ManagementApi calls its provider on HTTP worker threads, so the provider
// must be thread-safe and quick: read atomics or a mutex-guarded snapshot, never do I/O).
// The JSON parts are shown as they are, minus any key that looks like a secret (see redact.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ep::monitor_http {

struct LiveStatus {
  nlohmann::json processor = nlohmann::json::object();  // the processor's status snapshot
  nlohmann::json gateway = nlohmann::json::object();    // the TWS client's connection state
  bool redis_ok = false;           // the processor's own Redis connection works
  bool gateway_connected = false;  // the TWS session is up
  bool trading_mode_ok = false;    // TRADING_MODE matches the managed accounts (README "Safety")
  std::string trading_mode_error;  // why not, naming both sides
  bool paused = false;             // the processor's view of the pause flag (fallback only)
  std::string service_version;     // empty: ApiSettings::service_version is used
};

}  // namespace ep::monitor_http
