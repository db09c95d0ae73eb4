// `event-processor check`: what an operator runs before (or instead of) starting the service to
// see whether it could work: the configuration, Redis, the gateway (TWS handshake, managed
// accounts), the allocation API with the key, and the trading mode against the accounts. One
// line each, "<what>: ok (...)" or "<what>: FAILED: <reason>"; never a secret.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace ep::app {

struct CheckRequest {
  std::string config_path;
  std::optional<std::string> strategy;  // none: the allocation API line says it was skipped
  std::chrono::seconds timeout{10};     // per gateway and API check
};

// Exit code: 0 when every check passed (a skipped one counts as passed), else 1.
int run_check_command(const CheckRequest& request, std::ostream& out);

}  // namespace ep::app
