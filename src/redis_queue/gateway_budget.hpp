// core::MessageBudget over Redis: one budget per IB Gateway (keyed by its host:port), shared by
// every processor connected to it (README "Several processors"). Each take() is one Lua call
// (gateway_budget_script.hpp) that grants up to the wanted slots from a sliding window of
// grants. It has a connection of its own with short timeouts: the sender waits on it, and a
// Redis that does not answer must not hold a message longer than that (the TWS client then
// paces locally). Thread-safe (one call at a time).
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "core/message_budget.hpp"
#include "redis_queue/redis_connection.hpp"

namespace ep::redis_queue {

struct GatewayBudgetSettings {
  std::string gateway;  // "host:port" of the gateway: the budget's key
  int messages_per_second = 50;
  // A grant counts against the budget this long: 1 s plus the sender's pacing guard and the
  // time within which it uses a granted slot.
  std::chrono::microseconds window{std::chrono::milliseconds{1070}};
  std::string client;  // this processor's worker id, counted among the sharers
  // A client that asked within this long counts as sharing the budget.
  std::chrono::microseconds sharer_ttl{std::chrono::seconds{10}};
};

// The Redis keys of one gateway's budget.
std::string message_slots_key(const std::string& gateway);
std::string message_sharers_key(const std::string& gateway);

class GatewayMessageBudget final : public core::MessageBudget {
 public:
  // `options` should carry short timeouts (app/wiring.cpp): every send may wait on them.
  GatewayMessageBudget(RedisOptions options, GatewayBudgetSettings settings);

  core::Result<core::MessageGrant> take(int wanted) override;
  std::string describe() const override;
  // Lua calls made (each a Redis round trip), for benchmarks and tests.
  std::int64_t calls() const;

 private:
  mutable std::mutex mu_;
  RedisConnection connection_;
  GatewayBudgetSettings settings_;
  std::int64_t calls_ = 0;
};

}  // namespace ep::redis_queue
