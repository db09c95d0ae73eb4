#include "app/service_start.hpp"

#include <chrono>
#include <string>

#include "app/wiring.hpp"
#include "core/backoff.hpp"
#include "logging/log.hpp"
#include "logging/redaction.hpp"
#include "processor/guards.hpp"

namespace ep::app {
namespace {

using namespace std::chrono_literals;

constexpr auto kModeCheckEvery = 10s;

}  // namespace

std::shared_ptr<const core::SecretRedactor> start_logging(const config::Config& config) {
  auto redactor = secret_redactor(config);
  log::set_redactor(redactor);
  log::info("starting", {{"service_version", config.service_version},
                         {"config", config::redacted_summary(config)}});
  for (const auto& notice : config.notices) log::warn(notice);
  return redactor;
}

std::optional<WorkerIdentity> claim_identity(redis_queue::RedisConnection& redis,
                                             const config::Config& config, const Holder& self,
                                             const core::Clock& clock, std::stop_token stop) {
  const std::string name = worker_name(config);
  std::string last_error;
  core::Backoff backoff(500ms, 10s);
  for (;;) {
    auto identity =
        claim_worker_identity(redis, name, self, process_start_time, config.ibkr.client_id);
    if (identity) return *identity;
    if (identity.error().message != last_error) {
      log::warn("waiting to claim the worker id",
                {{"worker_name", name}, {"error", identity.error().message}});
      last_error = identity.error().message;
    }
    if (!clock.wait_until(clock.monotonic() + backoff.next_delay(), stop)) return std::nullopt;
  }
}

bool await_trading_mode(core::Broker& broker, LiveState& live, Alerts& alerts,
                        std::string_view mode, const core::Clock& clock, std::stop_token stop) {
  std::string last_error;
  while (!stop.stop_requested()) {
    auto accounts = broker.managed_accounts(clock.monotonic() + kModeCheckEvery);
    if (accounts) {
      auto verdict = processor::check_trading_mode(mode, *accounts);
      alerts.trading_mode(verdict.ok(), verdict ? "" : verdict.error().message);
      if (verdict) {
        live.set_trading_mode(true, "");
        log::info("gateway accounts match the trading mode",
                  {{"trading_mode", std::string(mode)}, {"accounts", *accounts}});
        return true;
      }
      live.set_trading_mode(false, verdict.error().message);
      if (verdict.error().message != last_error) {
        log::error("trading mode mismatch: no event will be processed",
                   {{"error", verdict.error().message}});
        last_error = verdict.error().message;
      }
      if (!clock.wait_until(clock.monotonic() + kModeCheckEvery, stop)) return false;
    } else {
      if (accounts.error().message != last_error) {
        log::warn("waiting for the gateway", {{"error", accounts.error().message}});
        last_error = accounts.error().message;
      }
      // The broker waits for a connection until the call's deadline; this pause only keeps
      // a broker that fails fast from turning the loop into a spin (backoff, not a sleep).
      if (!clock.wait_until(clock.monotonic() + 1s, stop)) return false;
    }
  }
  return false;
}

}  // namespace ep::app
