// A Mailbox collects the gateway messages that belong to one Broker call (one or many requests
// and orders). The connection's reader thread posts into it; the calling thread takes them out
// with a deadline and runs the call's logic single-threaded. A lost connection arrives as a
// ConnectionLost delivery. Thread-safe: many posters, one taker.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <variant>

#include "core/result.hpp"
#include "tws/messages_in.hpp"

namespace ep::tws_client {

// The connection (or the gateway's own link to IB, error 1100) went away: requests in flight
// will never be answered.
struct ConnectionLost {
  core::Error error;
};

using Delivery = std::variant<tws::Incoming, ConnectionLost>;

class Mailbox {
 public:
  Mailbox() = default;
  // A mailbox that queues nothing: every delivery goes to the sink on the posting thread (the
  // reader thread), for long-lived subscriptions whose state is kept up to date as messages
  // arrive. The sink must not block.
  explicit Mailbox(std::function<void(Delivery)> sink) : sink_(std::move(sink)) {}

  void post(tws::Incoming message);
  void post_lost(core::Error error);
  // The next delivery, or nullopt once the deadline has passed with nothing to take.
  std::optional<Delivery> take(std::chrono::steady_clock::time_point deadline);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Delivery> queue_;
  const std::function<void(Delivery)> sink_;
};

}  // namespace ep::tws_client
