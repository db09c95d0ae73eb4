// Fault injection for ibsim (examples/ibsim/README.md): the plan (what to break, from the
// scenario's `faults:` block or POST /faults), the one-shot bookkeeping of which faults already
// fired, and the pacing meter (50 messages per second, error 100, disconnect on sustained excess;
// per connection, or per gateway for all clients together).
// Pure logic over values and steady-clock instants; owned by the server's I/O thread.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace ep::sim {

using SteadyTime = std::chrono::steady_clock::time_point;

// Named steps at which a connection can be closed.
constexpr const char* kStepAfterFirstFill = "after_first_fill";
constexpr const char* kStepAfterFirstBuyFill = "after_first_buy_fill";
constexpr const char* kStepAfterFirstSellFill = "after_first_sell_fill";
constexpr const char* kStepAfterFirstOrder = "after_first_order";  // after its first ack

struct FaultPlan {
  // The next connection that completes startApi is closed after sending this many messages.
  std::optional<int> close_after_messages;
  // The owning connection is closed right after this step (one of the kStep names).
  std::optional<std::string> close_at_step;
  // Drop every connection and refuse new ones for this long (a gateway restart).
  std::optional<int> refuse_connections_ms;
  // Send 1100 to every connection now, then restore_code (1101 or 1102) after lost_for_ms.
  std::optional<int> connectivity_lost_ms;
  int connectivity_restore_code = 1102;
  // Pacing: more than max_per_second messages within one second draws error 100; that many
  // violating seconds in a row closes the connection. max_per_second 0 disables it.
  int pacing_max_per_second = 50;
  int pacing_disconnect_after_seconds = 3;
  // False: each connection is metered alone. True: one meter for the whole gateway, counting
  // the messages of every client together (IB does not document which of the two it does).
  bool pacing_per_gateway = false;
  // Delay between the last snapshot tick and tickSnapshotEnd.
  int snapshot_end_delay_ms = 0;
  // The next `stall_orders` orders (of `stall_symbol` if set) stay in PreSubmitted forever.
  int stall_orders = 0;
  std::string stall_symbol;
  // A quote gap (e.g. at the open): the next real order (of `gap_symbol` if set) finds the
  // market moved by this many percent as it arrives, before it can fill (last, bid and ask
  // together, to the cent); fires once. 0 = none.
  double gap_percent = 0;
  std::string gap_symbol;
};

// Applies the keys present in `json` on top of `base`; unknown keys and wrong types are
// kInvalidInput (nothing applied). Keys are the member names above.
core::Result<FaultPlan> merge_faults(const FaultPlan& base, const nlohmann::json& json);
nlohmann::json to_json(const FaultPlan& plan);

// Steps an order lifecycle reaches, for close_at_step.
bool step_matches(const std::string& wanted, const std::string& step);

// Counts client messages per one-second window (window restarts at the first message after
// the previous one ended).
class PacingMeter {
 public:
  enum class Verdict { kOk, kExceeded, kDisconnect };
  // `max_per_second` 0 disables the meter.
  Verdict on_message(SteadyTime now, int max_per_second, int disconnect_after_seconds);

 private:
  SteadyTime window_start_{};
  int count_ = 0;
  bool warned_in_window_ = false;
  int violating_windows_ = 0;
  bool started_ = false;
};

}  // namespace ep::sim
