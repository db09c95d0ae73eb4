// The one receive loop of the client's calls. A call registers its requests and orders on a
// Mailbox, sends them, then takes what the reader thread posts until its answers are complete,
// its deadline passes or the connection is lost. What a wait cut short means is decided here
// too, once for every call (docs/architecture.md "Errors"): while orders or cancels are in
// flight they may have reached the broker, so it is an unknown outcome naming them; a
// read-only question is unavailable and may simply be asked again. Runs on the calling thread.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/result.hpp"
#include "tws/messages_in.hpp"
#include "tws_client/mailbox.hpp"

namespace ep::tws_client {

using Deadline = std::chrono::steady_clock::time_point;  // as session.hpp has it

// How a receive loop ended.
class ReceiveEnd {
 public:
  enum class Why { kDone, kDeadline, kConnectionLost };

  static ReceiveEnd done() { return ReceiveEnd(Why::kDone, ""); }
  static ReceiveEnd deadline() { return ReceiveEnd(Why::kDeadline, ""); }
  static ReceiveEnd lost(std::string reason) {
    return ReceiveEnd(Why::kConnectionLost, std::move(reason));
  }

  Why why() const { return why_; }
  bool connection_lost() const { return why_ == Why::kConnectionLost; }
  // The connection's own words when it was lost; empty otherwise.
  const std::string& lost_reason() const { return lost_reason_; }

  // Why something stayed unanswered: "<subject>: <reason>" after a lost connection, else
  // `at_deadline` (a call that ended done still reports what its deadline left open).
  std::string words(const std::string& subject, std::string at_deadline) const;

 private:
  ReceiveEnd(Why why, std::string lost_reason) : why_(why), lost_reason_(std::move(lost_reason)) {}
  Why why_;
  std::string lost_reason_;
};

// What a call has in flight while it waits.
enum class InFlight {
  kReadOnly,  // questions (contracts, prices, account, open orders, executions, previews)
  kOrders,    // orders or cancels the gateway may already have acted on
};

// The error of a wait cut short by its deadline or a lost connection: kUnknownOutcome while
// orders are in flight (reconcile before anything is sent again), kUnavailable otherwise.
core::Error cut_short(InFlight in_flight, std::string message);

// Takes deliveries until the call is done, the deadline passes with nothing left to take, or
// the connection is lost. Each round first asks `next()`: either a bool (true: done; the wait
// is for the deadline) or an optional time (nullopt: done; else the latest wake for the call's
// own timers: a stage timeout, a grace period, a progress line). A wake before the deadline
// with nothing to take just asks next() again, so next() is where timers fire. Every message
// goes to `on_message`. Never waits past the deadline; what is already queued is still taken
// (no wait is needed for it).
template <class Next, class OnMessage>
ReceiveEnd receive_until(Mailbox& mailbox, Deadline deadline, Next&& next, OnMessage&& on_message) {
  for (;;) {
    Deadline wake = deadline;
    if constexpr (std::is_same_v<std::invoke_result_t<Next&>, bool>) {
      if (next()) return ReceiveEnd::done();
    } else {
      const std::optional<Deadline> wanted = next();
      if (!wanted) return ReceiveEnd::done();
      wake = std::min(*wanted, deadline);
    }
    auto delivery = mailbox.take(wake);
    if (!delivery) {
      if (std::chrono::steady_clock::now() >= deadline) return ReceiveEnd::deadline();
      continue;
    }
    if (auto* lost = std::get_if<ConnectionLost>(&*delivery)) {
      return ReceiveEnd::lost(lost->error.message);
    }
    on_message(std::get<tws::Incoming>(*delivery));
  }
}

// Drops what is already queued (answers to an earlier request of the same call) without
// waiting; a lost connection among it is not dropped but returned.
std::optional<ReceiveEnd> drop_queued(Mailbox& mailbox);

}  // namespace ep::tws_client
