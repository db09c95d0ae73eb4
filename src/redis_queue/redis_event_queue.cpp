#include "redis_queue/redis_event_queue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "core/iso_time.hpp"
#include "redis_queue/event_json.hpp"
#include "redis_queue/keys.hpp"
#include "redis_queue/lease_scripts.hpp"
#include "redis_queue/lua_scripts.hpp"
#include "redis_queue/score_text.hpp"
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

// A blocking command's server-side timeout in seconds, shorter than the socket's deadline so
// the connection survives an empty wait.
std::string seconds_text(milliseconds wait) {
  return fmt::format("{:.3f}", static_cast<double>(wait.count()) / 1000.0);
}

// A duration as whole milliseconds, the unit of PEXPIRE and of the lease scripts' TTLs.
std::string milliseconds_text(milliseconds duration) {
  return std::to_string(duration.count());
}

std::string key(std::string_view name) {
  return std::string(name);
}

// Element i of a script's array reply as text ("" when absent).
std::string element(const RedisReply& reply, std::size_t i) {
  return i < reply.elements.size() ? reply.elements[i].as_string().value_or("") : std::string();
}

}  // namespace

RedisEventQueue::RedisEventQueue(RedisOptions options, std::string worker_id,
                                 QueueSettings settings)
    : worker_id_(std::move(worker_id)),
      settings_(settings),
      processing_key_(keys::processing_list(worker_id_)),
      liveness_key_(keys::worker_liveness(worker_id_)),
      claim_key_(keys::processing_claim(worker_id_)),
      connection_(options),
      heartbeat_connection_(std::move(options)) {
  settings_.liveness_ttl = std::max(settings_.liveness_ttl, std::chrono::seconds{2});
  settings_.promote_batch = std::max<std::int64_t>(settings_.promote_batch, 1);
  settings_.retry_delay = std::max(settings_.retry_delay, std::chrono::seconds::zero());
  settings_.take_scan = std::max<std::int64_t>(settings_.take_scan, 1);
  settings_.busy_wait = std::max(settings_.busy_wait, milliseconds{1});
  settings_.recovery_grace = std::max(settings_.recovery_grace, milliseconds::zero());
}

template <class T>
core::Result<T> RedisEventQueue::noted(core::Result<T> result) {
  const bool answered = result.ok() || result.error().kind != core::ErrorKind::kUnavailable;
  std::lock_guard lock(reachable_mutex_);
  if (!answered) {
    reachable_since_.reset();
  } else if (!reachable_since_) {
    reachable_since_ = std::chrono::steady_clock::now();
  }
  return result;
}

bool RedisEventQueue::reachable_for_grace() const {
  std::lock_guard lock(reachable_mutex_);
  return reachable_since_ &&
         std::chrono::steady_clock::now() - *reachable_since_ >= settings_.recovery_grace;
}

RedisEventQueue::Lease RedisEventQueue::current_lease() const {
  std::lock_guard lock(lease_mutex_);
  return lease_;
}

core::Result<void> RedisEventQueue::beat(RedisConnection& connection) {
  const Lease lease = current_lease();
  auto reply =
      noted(connection.eval(scripts::kHeartbeat, {liveness_key_, key(keys::kWorkers)},
                            {core::format_iso_time(std::chrono::system_clock::now()),
                             std::to_string(settings_.liveness_ttl.count()), worker_id_, lease.key,
                             lease.value, milliseconds_text(settings_.liveness_ttl)}));
  if (!reply) return reply.error();
  return core::success();
}

core::Result<void> RedisEventQueue::ensure_registered() {
  if (auto alive = beat(connection_); !alive) return alive;
  if (registered_) return core::success();
  auto recovered = noted(connection_.eval(scripts::kRecoverOrphans,
                                          {liveness_key_, processing_key_, key(keys::kQueue),
                                           key(keys::kWorkers), claim_key_, liveness_key_},
                                          {worker_id_, "own", "", "0"}));
  if (!recovered) return recovered.error();
  if (recovered->integer > 0) {
    if (auto replicated = noted(connection_.wait_for_replicas("recover")); !replicated) {
      return replicated.error();
    }
  }
  registered_ = true;
  return core::success();
}

core::Result<RedisEventQueue::Take> RedisEventQueue::take() {
  auto reply = noted(connection_.eval(
      scripts::kTake,
      {key(keys::kQueue), processing_key_, key(keys::kPaused), key(keys::kLeaseToken), claim_key_},
      {worker_id_, std::to_string(settings_.take_scan), milliseconds_text(settings_.liveness_ttl),
       std::string(keys::kLeasePrefix)}));
  if (!reply) return reply.error();
  const std::string status = element(*reply, 0);
  Take out;
  if (status == "taken") {
    // Run only once a replica has the move (docs/queue.md "Sentinel failover"): a take lost in
    // a failover would leave the event queued on the new master while it runs here.
    if (auto replicated = noted(connection_.wait_for_replicas("take")); !replicated) {
      return replicated.error();
    }
    out.status = TakeStatus::kTaken;
    out.event = core::QueuedEvent{element(*reply, 1)};
    std::lock_guard lock(lease_mutex_);
    lease_ = {out.event->payload, element(*reply, 2), element(*reply, 3)};
  } else if (status == "paused") {
    out.status = TakeStatus::kPaused;
  } else if (status == "busy") {
    out.status = TakeStatus::kBusy;
  } else if (status != "empty") {
    return core::internal_error("redis: take: unexpected reply '" + status + "'");
  }
  return out;
}

core::Result<std::optional<core::QueuedEvent>> RedisEventQueue::next(milliseconds wait) {
  std::lock_guard lock(mutex_);
  if (auto registered = ensure_registered(); !registered) return registered.error();
  // Never block longer than half the liveness TTL, so an idle worker never looks dead.
  const milliseconds longest = milliseconds{settings_.liveness_ttl} / 2;
  wait = std::min(wait, longest);
  // A take whose reply was lost may have moved an event into our list: register again at the
  // next contact, which puts our list back (nothing of it is in flight while next() runs).
  auto first = take();
  if (!first) {
    registered_ = false;
    return first.error();
  }
  if (first->status == TakeStatus::kTaken) return std::move(first->event);
  if (first->status == TakeStatus::kPaused || wait <= milliseconds::zero()) {
    return std::optional<core::QueuedEvent>{};
  }
  if (first->status == TakeStatus::kBusy) {
    // Only events of accounts that other workers are running wait: block on the server until an
    // outcome releases a lease. The deadline (busy_wait) is the poll for what no script of
    // ours signals: a new event LPUSHed by the broker, a dead worker's lease expiring.
    const milliseconds busy = std::min(wait, settings_.busy_wait);
    auto released = noted(connection_.blocking_command(
        {"BLPOP", key(keys::kLeaseReleased), seconds_text(busy)}, busy));
    if (!released) return released.error();
    return std::optional<core::QueuedEvent>{};
  }
  // Empty: wait on the server for an event without moving it (the queue onto itself, right
  // end to right end), then take it with the script, which checks the pause flag and the lease
  // in the same atomic step. A server-side timeout shorter than the socket's keeps the context.
  auto arrived = noted(connection_.blocking_command(
      {"BLMOVE", key(keys::kQueue), key(keys::kQueue), "RIGHT", "RIGHT", seconds_text(wait)},
      wait));
  if (!arrived) return arrived.error();
  if (!arrived->as_string()) return std::optional<core::QueuedEvent>{};
  auto second = take();
  if (!second) {
    registered_ = false;
    return second.error();
  }
  return std::move(second->event);
}

core::OutcomeRecord RedisEventQueue::redacted(const core::OutcomeRecord& outcome) const {
  if (!settings_.redactor) return outcome;
  core::OutcomeRecord out = outcome;
  out.error = settings_.redactor->redact(outcome.error);
  out.result = settings_.redactor->redact(outcome.result);
  for (auto& order : out.orders) order.error = settings_.redactor->redact(order.error);
  return out;
}

core::Result<void> RedisEventQueue::record_outcome(const core::QueuedEvent& event,
                                                   const core::OutcomeRecord& outcome,
                                                   core::OutcomeStatus status,
                                                   const Landing& landing) {
  const EventFields fields = parse_event_fields(event.payload);
  const std::string dedup = dedup_key(fields).value_or("");
  std::lock_guard lock(mutex_);
  Lease lease = current_lease();
  if (lease.payload != event.payload) lease = {};  // not the event this worker claimed
  // Keyed by the claim (one per take, so one per attempt): a resend writes nothing twice.
  const std::string marker = keys::outcome_marker(lease.value);
  const std::string& event_id = fields.event_id.empty() ? outcome.event_id : fields.event_id;
  auto reply = noted(connection_.eval(
      scripts::kRecordOutcome,
      {processing_key_, key(keys::kQueue), key(keys::kActiveSet), landing.target,
       key(keys::kHistory), key(keys::kLeaseReleased), claim_key_, marker},
      {event.payload, dedup, landing.mode, landing.score, landing.member,
       outcome_record_json(outcome, status), std::to_string(keys::kHistoryLength), lease.key,
       lease.value, lease.value, std::to_string(keys::kOutcomeMarkerTtl), event_id}));
  if (!reply) return reply.error();
  // Acknowledged once a replica has it; a resend after a failed WAIT is answered from the
  // outcome marker if the first copy survived, so nothing is written twice.
  if (auto replicated = noted(connection_.wait_for_replicas("outcome")); !replicated) {
    return replicated.error();
  }
  if (!lease.value.empty()) {
    // The lease is released (or was not ours any more): the heartbeat stops renewing it. The
    // claim stays known until the next take, so a repeated call for this event is answered
    // from the marker (or refused again) instead of writing without a fence.
    std::lock_guard lease_lock(lease_mutex_);
    if (lease_.value == lease.value) lease_.key.clear();
  }
  if (reply->type == RedisReply::Type::kString) {
    const std::string holder = reply->text.empty() ? "nobody" : reply->text;
    return core::claim_lost("claim " + lease.value + " on event " + event_id + " lost (now " +
                            holder + "): the event was recovered by another worker and runs " +
                            "there; this " + std::string(core::to_string(status)) +
                            " outcome was not recorded");
  }
  return core::success();
}

core::Result<void> RedisEventQueue::finish(const core::QueuedEvent& event,
                                           const core::OutcomeRecord& raw_outcome) {
  const core::OutcomeRecord outcome = redacted(raw_outcome);
  return record_outcome(event, outcome, core::OutcomeStatus::kDone,
                        {"none", key(keys::kHistory), "", ""});
}

core::Result<void> RedisEventQueue::retry_later(const core::QueuedEvent& event,
                                                const core::OutcomeRecord& raw_outcome) {
  const core::OutcomeRecord outcome = redacted(raw_outcome);
  const core::Timestamp at = outcome_time(outcome);
  // A payload that is not a JSON object is parked as it is (the processor dead-letters those).
  std::string member = payload_for_retry(event.payload, outcome.error, at).value_or(event.payload);
  return record_outcome(
      event, outcome, core::OutcomeStatus::kRetry,
      {"zadd", key(keys::kDelayedSet), format_score(core::to_unix_seconds(at)), std::move(member)});
}

core::Result<void> RedisEventQueue::park_until(const core::QueuedEvent& event, core::Timestamp when,
                                               const core::OutcomeRecord& raw_outcome) {
  const core::OutcomeRecord outcome = redacted(raw_outcome);
  std::string member = payload_with_error(event.payload, outcome.error, outcome_time(outcome))
                           .value_or(event.payload);
  return record_outcome(event, outcome, core::OutcomeStatus::kMarketClosed,
                        {"zadd", key(keys::kMarketClosedSet),
                         format_score(core::to_unix_seconds(when)), std::move(member)});
}

core::Result<void> RedisEventQueue::dead_letter(const core::QueuedEvent& event,
                                                const core::OutcomeRecord& raw_outcome) {
  const core::OutcomeRecord outcome = redacted(raw_outcome);
  const EventFields fields = parse_event_fields(event.payload);
  const std::string& event_id = fields.event_id.empty() ? outcome.event_id : fields.event_id;
  const std::string& account_id =
      fields.account_id.empty() ? outcome.account_id : fields.account_id;
  std::string record =
      dead_letter_record(event.payload, outcome.error, outcome_time(outcome), event_id, account_id);
  return record_outcome(event, outcome, core::OutcomeStatus::kDeadLetter,
                        {"lpush", key(keys::kDeadLetter), "", std::move(record)});
}

core::Result<std::size_t> RedisEventQueue::promote_due(core::Timestamp now) {
  const double now_s = core::to_unix_seconds(now);
  const std::string retry_cutoff =
      format_score(now_s - static_cast<double>(settings_.retry_delay.count()));
  const std::string market_cutoff = format_score(now_s);
  const std::string batch = std::to_string(settings_.promote_batch);
  std::size_t total = 0;
  std::int64_t retry_offset = 0;  // due members left parked (dedup key active) so far
  std::int64_t market_offset = 0;
  std::lock_guard lock(mutex_);
  // Bounded: each round moves or leaves parked up to a batch per set; stop when a round saw
  // less than a batch of both.
  for (int round = 0; round < 10000; ++round) {
    auto reply =
        noted(connection_.eval(scripts::kPromoteDue,
                               {key(keys::kDelayedSet), key(keys::kMarketClosedSet),
                                key(keys::kQueue), key(keys::kActiveSet)},
                               {retry_cutoff, market_cutoff, batch, std::to_string(retry_offset),
                                std::to_string(market_offset)}));
    if (!reply) return reply.error();
    if (reply->elements.size() != 5)
      return core::internal_error("redis: promote: unexpected reply");
    const auto number = [&](std::size_t i) { return reply->elements[i].integer; };
    if (number(0) > 0) {
      if (auto replicated = noted(connection_.wait_for_replicas("promote")); !replicated) {
        return replicated.error();
      }
    }
    total += static_cast<std::size_t>(std::max<std::int64_t>(number(0), 0));
    retry_offset += number(2);
    market_offset += number(4);
    if (number(1) < settings_.promote_batch && number(3) < settings_.promote_batch) break;
  }
  return total;
}

core::Result<std::size_t> RedisEventQueue::recover_orphans() {
  std::lock_guard lock(mutex_);
  // Our liveness first, then the grace: after an outage every live worker re-asserts its key
  // before anyone is judged dead (docs/queue.md "Fenced claims").
  if (auto registered = ensure_registered(); !registered) return registered.error();
  if (!reachable_for_grace()) return std::size_t{0};
  auto members = noted(connection_.command({"SMEMBERS", key(keys::kWorkers)}));
  if (!members) return members.error();
  auto workers = scan_processing_workers(connection_);
  if (!workers) return workers.error();
  for (auto& id : members->as_strings()) workers->insert(std::move(id));

  std::size_t moved = 0;
  for (const auto& id : *workers) {
    if (id == worker_id_) continue;
    auto reply = noted(connection_.eval(
        scripts::kRecoverOrphans,
        {keys::worker_liveness(id), keys::processing_list(id), key(keys::kQueue),
         key(keys::kWorkers), keys::processing_claim(id), liveness_key_},
        {id, "", "recovered by " + worker_id_, std::to_string(keys::kRecoveredClaimTtl)}));
    if (!reply) return reply.error();
    if (reply->integer > 0) {
      if (auto replicated = noted(connection_.wait_for_replicas("recover")); !replicated) {
        return replicated.error();
      }
      moved += static_cast<std::size_t>(reply->integer);
    }
  }
  return moved;
}

core::Result<void> RedisEventQueue::heartbeat() {
  std::lock_guard lock(heartbeat_mutex_);
  return beat(heartbeat_connection_);
}

core::Result<void> RedisEventQueue::confirm_lease(const std::string& account_id) {
  const Lease lease = current_lease();
  const std::string lease_key = keys::account_lease(account_id);
  if (lease.key != lease_key) {
    return core::unavailable("this worker holds no lease on account " + account_id +
                             "; no order was placed");
  }
  std::lock_guard lock(mutex_);
  auto reply = noted(connection_.eval(scripts::kConfirmLease, {lease.key, claim_key_},
                                      {lease.value, milliseconds_text(settings_.liveness_ttl)}));
  if (!reply) {
    return core::unavailable("the lease on account " + account_id + " could not be confirmed (" +
                             reply.error().message + "); no order was placed");
  }
  const std::string verdict = element(*reply, 0);
  if (verdict == "ok") return core::success();
  const std::string holder = element(*reply, 1);
  if (verdict == "claim") {
    return core::claim_lost("claim " + lease.value + " on the event of account " + account_id +
                            " lost (now " + (holder.empty() ? std::string("nobody") : holder) +
                            "): the event was recovered by another worker; no order was placed");
  }
  return core::unavailable("lease on account " + account_id + " lost (" +
                           (holder.empty() ? std::string("it expired") : "now held by " + holder) +
                           "): another worker may be trading the account; no order was placed");
}

core::Result<bool> RedisEventQueue::paused() {
  std::lock_guard lock(mutex_);
  auto reply = noted(connection_.command({"EXISTS", key(keys::kPaused)}));
  if (!reply) return reply.error();
  return reply->integer > 0;
}

}  // namespace ep::redis_queue
