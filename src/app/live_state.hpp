// What the running service knows about itself between events, for the health endpoints: the
// trading-mode verdict, whether the last Redis heartbeat worked, and the gateway status turned
// into JSON. Written by the app's supervisor thread, read by HTTP worker threads; all methods
// lock, none does I/O.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/broker.hpp"

namespace ep::app {

nlohmann::json to_json(const core::BrokerStatus& status, int client_id);

// The processor's status JSON (processor::to_json) with the broker's current wait added to the
// running event: "waiting_for" ("fills of 2 sells, 1 s of 60 s") and "waiting_since", both null
// when the event waits on nothing of the broker's (README "Status page" and the health answer).
nlohmann::json with_broker_wait(nlohmann::json processor, const core::BrokerStatus& gateway);

class LiveState {
 public:
  void set_trading_mode(bool ok, std::string error);
  void set_redis_ok(bool ok);

  bool trading_mode_ok() const;
  std::string trading_mode_error() const;
  bool redis_ok() const;

 private:
  mutable std::mutex mutex_;
  bool trading_mode_ok_ = false;
  std::string trading_mode_error_ = "not checked yet: waiting for the gateway";
  bool redis_ok_ = false;
};

}  // namespace ep::app
