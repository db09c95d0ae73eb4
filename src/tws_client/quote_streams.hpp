// Live quotes from streaming subscriptions, one per contract and connection, shared by the
// rebalances that run close together (docs/tws-wire-protocol.md §12.4). A stream's quote is the
// market as the gateway streams it now: every change of bid, ask or last trade arrives on the
// reader thread and is applied at once, so a quote read after the sells filled is as fresh as
// a snapshot taken then, without a message. A stream answers only while it is trusted: live data
// (type 1) with a valid last trade, no error for its request, and no market data break on the
// connection since it started (1100, 1101, 2103); otherwise it is cancelled and started again,
// or, when the gateway refuses live data for the contract, that contract is left to the
// snapshot path for the rest of the connection. Streams unused for the idle time are cancelled
// at the next quote request; all of them end with their connection. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "core/broker.hpp"
#include "tws_client/session.hpp"

namespace ep::tws_client {

class QuoteStreams {
 public:
  explicit QuoteStreams(std::chrono::milliseconds idle_release);
  ~QuoteStreams();
  QuoteStreams(const QuoteStreams&) = delete;
  QuoteStreams& operator=(const QuoteStreams&) = delete;

  // One entry per contract: the quote of its trusted live stream, or nullopt when no stream
  // answers (the caller takes a snapshot). Contracts without a stream get one first; its first
  // live trade is awaited until start_timeout or the deadline.
  std::vector<std::optional<core::Quote>> quotes(const std::shared_ptr<Session>& session,
                                                 std::span<const core::ContractInfo> contracts,
                                                 std::chrono::milliseconds start_timeout,
                                                 Deadline deadline);

  // Streams subscribed now (tests, status).
  std::size_t open_streams() const;

 private:
  struct State;
  // The streams of one connection; replaced when the connection changes.
  void bind(const std::shared_ptr<Session>& session);
  // Cancels the streams that are idle, broken or failed; forgets those the gateway ended.
  void release(Session& session, std::chrono::steady_clock::time_point now, Deadline deadline);
  void start(Session& session, const core::ContractInfo& contract, Deadline deadline);

  const std::chrono::milliseconds idle_release_;
  std::mutex calls_mu_;  // one quotes() call at a time; never taken by the reader thread
  // Shared with the mailbox sink, which runs on the reader thread and may outlive a binding.
  std::shared_ptr<State> state_;
  std::shared_ptr<Session> session_;    // the connection the streams live on
  std::unique_ptr<Listener> listener_;  // on session_'s registry; reset before session_ changes
};

}  // namespace ep::tws_client
