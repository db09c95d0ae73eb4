#include "redis_queue/redis_event_queue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "redis_queue/event_json.hpp"
#include "redis_queue/iso_time.hpp"
#include "redis_queue/keys.hpp"
#include "redis_queue/lua_scripts.hpp"
#include "redis_queue/stored_events.hpp"

namespace ep::redis_queue {
namespace {

using std::chrono::milliseconds;

// The time of an outcome: the processor's clock when it stamped the record, else now. Using the
// record's time makes a repeated call (after a lost reply) write the same member again.
core::Timestamp outcome_time(const core::OutcomeRecord& outcome) {
  return outcome.finished_at == core::Timestamp{} ? std::chrono::system_clock::now()
                                                  : outcome.finished_at;
}

std::string key(std::string_view name) { return std::string(name); }

}  // namespace

RedisEventQueue::RedisEventQueue(RedisOptions options, std::string worker_id,
                                 QueueSettings settings)
    : worker_id_(std::move(worker_id)),
      settings_(settings),
      processing_key_(keys::processing_list(worker_id_)),
      liveness_key_(keys::worker_liveness(worker_id_)),
      connection_(options),
      heartbeat_connection_(std::move(options)) {
  settings_.liveness_ttl_s = std::max<std::int64_t>(settings_.liveness_ttl_s, 2);
  settings_.promote_batch = std::max<std::int64_t>(settings_.promote_batch, 1);
  settings_.retry_delay_seconds = std::max<std::int64_t>(settings_.retry_delay_seconds, 0);
}

core::Result<void> RedisEventQueue::beat(RedisConnection& connection) {
  auto reply = connection.eval(
      scripts::kHeartbeat, {liveness_key_, key(keys::kWorkers)},
      {format_iso_time(std::chrono::system_clock::now()),
       std::to_string(settings_.liveness_ttl_s), worker_id_});
  if (!reply) return reply.error();
  return core::success();
}

core::Result<void> RedisEventQueue::ensure_registered() {
  if (auto alive = beat(connection_); !alive) return alive;
  if (registered_) return core::success();
  auto recovered = connection_.eval(
      scripts::kRecoverOrphans,
      {liveness_key_, processing_key_, key(keys::kQueue), key(keys::kWorkers)},
      {worker_id_, "own"});
  if (!recovered) return recovered.error();
  registered_ = true;
  return core::success();
}

core::Result<std::optional<core::QueuedEvent>> RedisEventQueue::next(milliseconds wait) {
  std::lock_guard lock(mutex_);
  if (auto registered = ensure_registered(); !registered) return registered.error();
  // Never block longer than half the liveness TTL, so an idle worker never looks dead.
  const milliseconds longest{settings_.liveness_ttl_s * 1000 / 2};
  wait = std::min(wait, longest);
  core::Result<RedisReply> reply = core::internal_error("unreachable");
  if (wait <= milliseconds::zero()) {
    reply = connection_.command({"LMOVE", key(keys::kQueue), processing_key_, "RIGHT", "LEFT"});
  } else {
    // Server-side timeout, shorter than the socket's: the context survives an empty wait.
    const std::string seconds = fmt::format("{:.3f}", static_cast<double>(wait.count()) / 1000.0);
    reply = connection_.blocking_command(
        {"BLMOVE", key(keys::kQueue), processing_key_, "RIGHT", "LEFT", seconds}, wait);
  }
  if (!reply) return reply.error();
  auto payload = reply->as_string();
  if (!payload) return std::optional<core::QueuedEvent>{};
  return std::optional<core::QueuedEvent>{core::QueuedEvent{std::move(*payload)}};
}

core::Result<void> RedisEventQueue::record_outcome(const core::QueuedEvent& event,
                                                   const core::OutcomeRecord& outcome,
                                                   std::string_view status,
                                                   const Landing& landing) {
  const EventFields fields = parse_event_fields(event.payload);
  const std::string dedup = dedup_key(fields).value_or("");
  std::lock_guard lock(mutex_);
  auto reply = connection_.eval(
      scripts::kRecordOutcome,
      {processing_key_, key(keys::kQueue), key(keys::kActiveSet), landing.target,
       key(keys::kHistory)},
      {event.payload, dedup, landing.mode, landing.score, landing.member,
       outcome_record_json(outcome, status), std::to_string(keys::kHistoryLength)});
  if (!reply) return reply.error();
  return core::success();
}

core::Result<void> RedisEventQueue::finish(const core::QueuedEvent& event,
                                           const core::OutcomeRecord& outcome) {
  return record_outcome(event, outcome, "done", {"none", key(keys::kHistory), "", ""});
}

core::Result<void> RedisEventQueue::retry_later(const core::QueuedEvent& event,
                                                const core::OutcomeRecord& outcome) {
  const core::Timestamp at = outcome_time(outcome);
  // A payload that is not a JSON object is parked as it is (the processor dead-letters those).
  std::string member = payload_for_retry(event.payload, outcome.error, at).value_or(event.payload);
  return record_outcome(event, outcome, "retry",
                        {"zadd", key(keys::kDelayedSet), format_score(to_unix_seconds(at)),
                         std::move(member)});
}

core::Result<void> RedisEventQueue::park_until(const core::QueuedEvent& event,
                                               core::Timestamp when,
                                               const core::OutcomeRecord& outcome) {
  std::string member =
      payload_with_error(event.payload, outcome.error, outcome_time(outcome)).value_or(event.payload);
  return record_outcome(event, outcome, "market_closed",
                        {"zadd", key(keys::kMarketClosedSet), format_score(to_unix_seconds(when)),
                         std::move(member)});
}

core::Result<void> RedisEventQueue::dead_letter(const core::QueuedEvent& event,
                                                const core::OutcomeRecord& outcome) {
  const EventFields fields = parse_event_fields(event.payload);
  const std::string& event_id = fields.event_id.empty() ? outcome.event_id : fields.event_id;
  const std::string& account_id =
      fields.account_id.empty() ? outcome.account_id : fields.account_id;
  std::string record =
      dead_letter_record(event.payload, outcome.error, outcome_time(outcome), event_id, account_id);
  return record_outcome(event, outcome, "dead_letter",
                        {"lpush", key(keys::kDeadLetter), "", std::move(record)});
}

core::Result<std::size_t> RedisEventQueue::promote_due(core::Timestamp now) {
  const double now_s = to_unix_seconds(now);
  const std::string retry_cutoff =
      format_score(now_s - static_cast<double>(settings_.retry_delay_seconds));
  const std::string market_cutoff = format_score(now_s);
  const std::string batch = std::to_string(settings_.promote_batch);
  std::size_t total = 0;
  std::lock_guard lock(mutex_);
  // Bounded: each round moves up to a batch per set; stop when a round saw less than a batch.
  for (int round = 0; round < 10000; ++round) {
    auto reply = connection_.eval(
        scripts::kPromoteDue,
        {key(keys::kDelayedSet), key(keys::kMarketClosedSet), key(keys::kQueue),
         key(keys::kActiveSet)},
        {retry_cutoff, market_cutoff, batch});
    if (!reply) return reply.error();
    if (reply->elements.size() != 2) return core::internal_error("redis: promote: unexpected reply");
    const std::int64_t moved = reply->elements[0].integer;
    const std::int64_t seen = reply->elements[1].integer;
    total += static_cast<std::size_t>(std::max<std::int64_t>(moved, 0));
    if (moved == 0 || seen < settings_.promote_batch) break;
  }
  return total;
}

core::Result<std::size_t> RedisEventQueue::recover_orphans() {
  std::lock_guard lock(mutex_);
  if (auto registered = ensure_registered(); !registered) return registered.error();
  auto members = connection_.command({"SMEMBERS", key(keys::kWorkers)});
  if (!members) return members.error();
  auto workers = scan_processing_workers(connection_);
  if (!workers) return workers.error();
  for (auto& id : members->as_strings()) workers->insert(std::move(id));

  std::size_t moved = 0;
  for (const auto& id : *workers) {
    if (id == worker_id_) continue;
    auto reply = connection_.eval(
        scripts::kRecoverOrphans,
        {keys::worker_liveness(id), keys::processing_list(id), key(keys::kQueue),
         key(keys::kWorkers)},
        {id, ""});
    if (!reply) return reply.error();
    if (reply->integer > 0) moved += static_cast<std::size_t>(reply->integer);
  }
  return moved;
}

core::Result<void> RedisEventQueue::heartbeat() {
  std::lock_guard lock(heartbeat_mutex_);
  return beat(heartbeat_connection_);
}

core::Result<bool> RedisEventQueue::paused() {
  std::lock_guard lock(mutex_);
  auto reply = connection_.command({"EXISTS", key(keys::kPaused)});
  if (!reply) return reply.error();
  return reply->integer > 0;
}

}  // namespace ep::redis_queue
