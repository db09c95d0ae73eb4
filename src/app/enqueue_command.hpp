// `event-processor enqueue`: puts one event on rebalance_queue exactly as the event broker does
// (README "Redis keys": the broker's JSON, SADD of `<account>:<exec>` then LPUSH, one atomic
// script), so an operator can start a rebalance or a print command by hand.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "core/result.hpp"

namespace ep::app {

struct EnqueueRequest {
  std::string account_id;
  std::string exec;                     // the name of one of core::kCommands
  std::optional<std::string> strategy;  // notification_channel; required for (print-)rebalance
  double reserve_percent = 1.0;         // cash_reserve_percentage (the original's default)
};

// The event's `data` as the broker writes it: {exec, eventId, account_config {account_id,
// notification_channel, cash_reserve_percentage}}; kInvalidInput naming the option at fault.
// Pure; `event_data_id` becomes data.eventId.
core::Result<std::string> enqueue_data_json(const EnqueueRequest& request,
                                            const std::string& event_data_id);

// Exit code: 0 enqueued (prints the event id), 1 duplicate or Redis unreachable, 2 bad options
// or configuration. Messages go to `err`, the event id to `out`.
int run_enqueue_command(const std::string& config_path, const EnqueueRequest& request,
                        std::ostream& out, std::ostream& err);

}  // namespace ep::app
