#include "redis_queue/retry_summary.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_limits.hpp"
#include "redis_queue/keys.hpp"

namespace ep::redis_queue {
namespace {

constexpr std::size_t kChunk = 1000;
// The first summary of a large queue is waited for, up to this long (100,000 events take well
// under a second to count).
constexpr std::chrono::seconds kFirstSummaryDeadline{20};
// The counting thread looks for a stop request at least this often while idle.
constexpr std::chrono::seconds kIdleCheck{60};

// Follows the top level of one JSON text and keeps the last value of its times_queued member.
class TimesQueuedReader final : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool is_object() const { return top_is_object_; }
  std::int64_t times_queued() const { return times_queued_; }

  bool null() override { return scalar(1); }
  bool boolean(bool) override { return scalar(1); }
  bool number_integer(number_integer_t value) override { return scalar(value); }
  bool number_unsigned(number_unsigned_t value) override {
    return scalar(static_cast<std::int64_t>(value));
  }
  bool number_float(number_float_t value, const string_t&) override {
    // As parse_event_fields: a whole count written as a float, else the default.
    return scalar(value >= 0 && value < 1e15 ? static_cast<std::int64_t>(value) : 1);
  }
  bool string(string_t&) override { return scalar(1); }
  bool binary(binary_t&) override { return scalar(1); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) top_is_object_ = true;
    return open();
  }
  bool key(string_t& name) override {
    if (depth_ == 1) at_times_queued_ = name == "times_queued";
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool scalar(std::int64_t value) {
    if (depth_ == 1 && at_times_queued_) times_queued_ = value;
    return true;
  }
  bool open() {
    if (depth_ == 1 && at_times_queued_) times_queued_ = 1;  // an object or array: the default
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  std::size_t depth_ = 0;
  bool top_is_object_ = false;
  bool at_times_queued_ = false;
  std::int64_t times_queued_ = 1;
};

void add(RetryFigures& figures, std::string_view payload) {
  const auto times_queued = times_queued_of_event(payload);
  if (!times_queued) return;  // not an event: not counted (as the original)
  ++figures.distribution[*times_queued];
  if (*times_queued > 1) ++figures.events_with_retries;
  figures.max_retry_count = std::max(figures.max_retry_count, *times_queued);
}

// One key, chunk by chunk: LRANGE for the queue, ZRANGE (members only) for the delayed set.
core::Result<void> count_key(RedisConnection& connection, const char* range_command,
                             std::string_view key, RetryFigures& figures,
                             const std::function<bool()>& stop) {
  for (std::size_t start = 0;; start += kChunk) {
    if (stop && stop()) return core::unavailable("retry statistics: count stopped");
    auto reply = connection.command({range_command, std::string(key), std::to_string(start),
                                     std::to_string(start + kChunk - 1)});
    if (!reply) return reply.error();
    for (const auto& element : reply->elements) {
      if (element.type == RedisReply::Type::kString) add(figures, element.text);
    }
    if (reply->elements.size() < kChunk) return core::success();
  }
}

}  // namespace

std::optional<std::int64_t> times_queued_of_event(std::string_view payload) {
  if (payload.size() > core::kRecordJsonLimits.max_bytes) return std::nullopt;
  TimesQueuedReader reader;
  const bool parsed = nlohmann::json::sax_parse(payload.begin(), payload.end(), &reader);
  if (!parsed || !reader.is_object()) return std::nullopt;
  return reader.times_queued();
}

core::Result<RetryFigures> count_retries(RedisConnection& connection,
                                         const std::function<bool()>& stop) {
  RetryFigures figures;
  if (auto queued = count_key(connection, "LRANGE", keys::kQueue, figures, stop); !queued) {
    return queued.error();
  }
  if (auto delayed = count_key(connection, "ZRANGE", keys::kDelayedSet, figures, stop); !delayed) {
    return delayed.error();
  }
  return figures;
}

RetrySummary::RetrySummary(ConnectionPool& pool, std::size_t exact_up_to,
                           std::chrono::milliseconds max_age)
    : pool_(pool), exact_up_to_(exact_up_to), max_age_(max_age) {}

RetrySummary::~RetrySummary() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<void> RetrySummary::fill(core::QueueCounts& counts, RedisConnection& connection) {
  const auto total = counts.queue_length + counts.delayed_events_count;
  if (total <= static_cast<std::int64_t>(exact_up_to_)) {
    {
      // A summary of an earlier backlog says nothing of a later one: it is not served again.
      std::lock_guard lock(mutex_);
      if (!counting_) last_.reset();
    }
    auto figures = count_retries(connection);
    if (!figures) return figures.error();
    counts.events_with_retries = figures->events_with_retries;
    counts.max_retry_count = figures->max_retry_count;
    counts.retry_distribution = std::move(figures->distribution);
    counts.retry_statistics_age_seconds = 0;
    return core::success();
  }
  std::unique_lock lock(mutex_);
  const auto now = Clock::now();
  const bool fresh = last_ && now - last_at_ <= max_age_;
  if (!fresh && !counting_ && !wanted_) {
    wanted_ = true;
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    wake_.notify_one();
  }
  if (!last_) {  // nothing to answer from yet: wait for the count under way
    refreshed_.wait_for(lock, kFirstSummaryDeadline,
                        [this] { return last_.has_value() || (!wanted_ && !counting_); });
    if (!last_) {
      return last_error_ ? *last_error_
                         : core::unavailable("retry statistics: still counting the queue");
    }
  }
  counts.events_with_retries = last_->events_with_retries;
  counts.max_retry_count = last_->max_retry_count;
  counts.retry_distribution = last_->distribution;
  counts.retry_statistics_age_seconds =
      std::max(0.0, std::chrono::duration<double>(Clock::now() - last_at_).count());
  return core::success();
}

std::uint64_t RetrySummary::passes() const {
  std::lock_guard lock(mutex_);
  return passes_;
}

bool RetrySummary::wait_for_pass_after(std::uint64_t passes, Clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return refreshed_.wait_until(lock, deadline, [&] { return passes_ > passes; });
}

void RetrySummary::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!wake_.wait_for(lock, kIdleCheck, [this] { return stopping_ || wanted_; })) continue;
    if (stopping_) break;
    wanted_ = false;
    counting_ = true;
    lock.unlock();
    core::Result<RetryFigures> figures = [this] {
      auto connection = pool_.acquire();
      return count_retries(*connection, [this] {
        std::lock_guard stop_lock(mutex_);
        return stopping_;
      });
    }();
    lock.lock();
    counting_ = false;
    if (figures) {
      last_ = std::move(*figures);
      last_at_ = Clock::now();
      last_error_.reset();
    } else {
      last_error_ = figures.error();
    }
    ++passes_;
    refreshed_.notify_all();
  }
}

}  // namespace ep::redis_queue
