// Wall-clock time and one-shot timers on ibsim's I/O thread. Nothing in ibsim sleeps: the next
// step of an order, a late tickSnapshotEnd or the end of a connectivity loss is a timer here,
// and its callback runs on the same thread as every other part of the gateway.
#pragma once

#include <asio.hpp>

#include <chrono>
#include <functional>

#include "sim/hours.hpp"

namespace ep::sim {

class Scheduler {
 public:
  explicit Scheduler(asio::io_context& io) : io_(io) {}
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // The time answers are stamped with (reqCurrentTime, fills, account update times).
  TimePoint now() const { return std::chrono::system_clock::now(); }

  // Runs `fn` on the I/O thread after `delay_ms`; a delay <= 0 still runs it later, after the
  // handler that asked for it (so a callback never runs inside its caller).
  void after(int delay_ms, std::function<void()> fn) {
    if (delay_ms <= 0) {
      asio::post(io_, std::move(fn));
      return;
    }
    auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds{delay_ms});
    timer->async_wait([timer, fn = std::move(fn)](asio::error_code ec) {
      if (!ec) fn();
    });
  }

 private:
  asio::io_context& io_;
};

}  // namespace ep::sim
