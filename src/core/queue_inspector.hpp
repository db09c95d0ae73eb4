// The QueueInspector port: what operators see and change through the management API. Implemented
// over Redis by redis_queue (the original's keys and ours, README "Redis keys"); used by
// monitor_http. Must be safe to call from several HTTP worker threads at once (an
// implementation may use one Redis connection per call or a small pool).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::core {

// Where an event sits. The first two are the original's; the others are ours.
enum class EventLocation { kActive, kDelayed, kDead, kProcessing, kMarketClosed };
std::string_view to_string(
    EventLocation location);  // active, delayed, dead, processing, market_closed
std::optional<EventLocation> parse_event_location(std::string_view text);

struct EventView {
  EventLocation location = EventLocation::kActive;
  std::string event_id;
  std::string account_id;
  std::string exec_command;
  std::int64_t times_queued = 0;
  std::string created_at;
  std::optional<double> score;  // sorted sets: parked at (delayed) or due at (market_closed)
  std::string reason;           // dead letters and retries: why
  std::string payload;          // the event JSON exactly as stored
};

struct QueueCounts {
  std::int64_t queue_length = 0;          // rebalance_queue
  std::int64_t active_events_count = 0;   // active_events_set
  std::int64_t delayed_events_count = 0;  // rebalance_delayed_set
  std::int64_t market_closed_count = 0;   // delayed_execution_set
  std::int64_t dead_letter_count = 0;     // rebalance_dead_letter
  std::int64_t processing_count = 0;      // all processing lists
  // Of the event at the consuming end of rebalance_queue, from its created_at.
  std::optional<double> oldest_event_age_seconds;
  // Retry statistics over the queue and the delayed set: events with times_queued > 1, the
  // highest times_queued, and times_queued -> events. They need every event read, so an
  // implementation may answer them from a summary made at most a few seconds earlier (the
  // lengths above never are); retry_statistics_age_seconds says how old (0: counted now).
  std::int64_t events_with_retries = 0;
  std::int64_t max_retry_count = 0;
  std::map<std::int64_t, std::int64_t> retry_distribution;
  double retry_statistics_age_seconds = 0;
};

// A page of a listing: skip `offset` elements of the location's order, then up to `limit`.
struct Page {
  std::size_t offset = 0;
  std::size_t limit = 100;
};

enum class EnqueueStatus { kEnqueued, kDuplicate };
struct EnqueueResult {
  EnqueueStatus status = EnqueueStatus::kEnqueued;
  std::string event_id;
};

class QueueInspector {
 public:
  virtual ~QueueInspector() = default;
  virtual Result<void> ping() = 0;
  // Lengths from the keys' own counters and the oldest event from the queue's end: the cost
  // does not grow with the queue (README "Management API").
  virtual Result<QueueCounts> counts(Timestamp now) = 0;
  // One page of one location's events: the queue oldest first, sorted sets by score, dead
  // letters newest first, processing lists per worker. Costs the page, not the location.
  virtual Result<std::vector<EventView>> list_page(EventLocation location, Page page) = 0;
  Result<std::vector<EventView>> list(EventLocation location, std::size_t limit) {
    return list_page(location, Page{0, limit});
  }
  virtual Result<std::optional<EventView>> find(std::string_view event_id) = 0;
  // Removes the event from the queue, the delayed sets or the dead letters, with its dedup key.
  virtual Result<bool> remove(std::string_view event_id) = 0;
  // New event in the broker's format; kDuplicate when "<account>:<exec>" is already active.
  virtual Result<EnqueueResult> enqueue(std::string_view account_id, std::string_view exec_command,
                                        std::string_view data_json, Timestamp now) = 0;
  // Sends a dead-lettered, delayed or market-closed event back to the queue now.
  virtual Result<bool> retry_now(std::string_view event_id) = 0;
  // Outcome records (JSON objects), newest first, one page of them.
  virtual Result<std::vector<std::string>> history_page(Page page) = 0;
  Result<std::vector<std::string>> history(std::size_t limit) {
    return history_page(Page{0, limit});
  }
  virtual Result<void> set_paused(bool paused) = 0;
  virtual Result<bool> paused() = 0;
};

}  // namespace ep::core
