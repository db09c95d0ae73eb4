// What the broker's long waits are waiting for, for the health answer and the log: the order
// fills of run_orders and the working orders of await_orders_done report here. A WaitBoard is
// owned by TwsBroker and read from any thread (status()); a WaitReport lives on the calling
// thread for one wait, shows it on the board and writes a log line every `log_every` while it
// lasts. It adds no sleep: the wait loop wakes at wake(its own deadline) and calls update().
// One wait is shown at a time (the processor thread is the only caller of the long waits).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "core/broker.hpp"

namespace ep::tws_client {

class WaitBoard {
 public:
  // Starts or updates the shown wait (started: the wait's start on the steady clock).
  void show(std::string what, core::Timestamp since, core::Deadline started,
            core::Deadline deadline);
  void clear();
  std::optional<core::BrokerWait> current() const;

 private:
  mutable std::mutex mutex_;
  std::optional<core::BrokerWait> wait_;
  core::Deadline started_{};
  core::Deadline deadline_{};
};

class WaitReport {
 public:
  static constexpr std::chrono::seconds kLogEvery{5};

  // board may be null (nothing shown; the log lines still come).
  WaitReport(WaitBoard* board, core::Deadline deadline,
             std::chrono::milliseconds log_every = kLogEvery);
  ~WaitReport();
  WaitReport(const WaitReport&) = delete;
  WaitReport& operator=(const WaitReport&) = delete;

  // What is waited for now; logs "waiting" when a log line is due (not on the first call: a
  // wait that ends within log_every stays quiet).
  void update(std::string what);
  // The earlier of `wanted` and the next log line.
  core::Deadline wake(core::Deadline wanted) const;

 private:
  WaitBoard* board_;
  core::Deadline deadline_;
  std::chrono::milliseconds log_every_;
  core::Deadline started_;
  core::Timestamp since_;
  core::Deadline next_log_;
  std::string what_;
};

}  // namespace ep::tws_client
