// The retry statistics of /health and /queue/status (events with times_queued > 1, the highest
// times_queued, times_queued -> events, over rebalance_queue and rebalance_delayed_set). They
// need every event read, so with a large backlog they come from a summary instead of a read per
// request: README "Management API" explains what an operator sees. Internal to redis_queue.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "core/queue_inspector.hpp"
#include "core/result.hpp"
#include "redis_queue/connection_pool.hpp"

namespace ep::redis_queue {

struct RetryFigures {
  std::int64_t events_with_retries = 0;
  std::int64_t max_retry_count = 0;
  std::map<std::int64_t, std::int64_t> distribution;  // times_queued -> events
};

// times_queued of one stored event as the retry statistics count it (the same value
// parse_event_fields gives: an integer, 1 when absent or of another type); nullopt when the
// payload is not a JSON object (such an element is not counted). Reads the text with a SAX
// parser: no tree is built, so counting 100,000 events costs a fraction of parsing them.
std::optional<std::int64_t> times_queued_of_event(std::string_view payload);

// Reads the queue and the delayed set in chunks of 1000 events (memory bounded whatever their
// size) and counts. Not a snapshot: an event that moves between chunks may be counted twice or
// not at all. `stop` is asked between chunks; when it says true the count ends (kUnavailable).
core::Result<RetryFigures> count_retries(RedisConnection& connection,
                                         const std::function<bool()>& stop = {});

// Counts on the caller's connection while the queue and the delayed set hold at most
// `exact_up_to` events together; above that answers from a summary at most `max_age` old,
// counted by a thread of its own (one count at a time, however many callers), so a request
// never waits for a count except the very first one (bounded by a deadline). Thread-safe.
class RetrySummary {
 public:
  RetrySummary(ConnectionPool& pool, std::size_t exact_up_to, std::chrono::milliseconds max_age);
  ~RetrySummary();  // stops the counting thread (between two chunks) and joins it
  RetrySummary(const RetrySummary&) = delete;
  RetrySummary& operator=(const RetrySummary&) = delete;

  using Clock = std::chrono::steady_clock;

  // Sets the retry fields of `counts`, whose lengths (queue, delayed) decide how.
  core::Result<void> fill(core::QueueCounts& counts, RedisConnection& connection);

  // Passes of the counting thread finished so far, counted or failed.
  std::uint64_t passes() const;
  // Waits until more than `passes` passes have finished or until `deadline`; true when they
  // have. Only fill() starts a pass (when the summary is older than max_age), and a pass under
  // way when passes() was read may have begun before a later write: to see the figures of its
  // own writes, a caller reads passes() while no pass runs, writes, asks for counts, then waits
  // here (the tests do, instead of polling).
  bool wait_for_pass_after(std::uint64_t passes, Clock::time_point deadline) const;

 private:
  void run();

  ConnectionPool& pool_;
  const std::size_t exact_up_to_;
  const std::chrono::milliseconds max_age_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;  // the thread: a count is wanted, or stop
  // Signalled after each pass: callers waiting for the first summary or for a later pass.
  mutable std::condition_variable refreshed_;
  std::uint64_t passes_ = 0;
  std::optional<RetryFigures> last_;
  Clock::time_point last_at_{};
  std::optional<core::Error> last_error_;
  bool wanted_ = false;
  bool counting_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ep::redis_queue
