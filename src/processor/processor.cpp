#include "processor/processor.hpp"

#include <utility>

#include "logging/log.hpp"
#include "processor/dispatch.hpp"
#include "processor/event.hpp"

namespace ep::processor {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

json event_fields(const EventIds& ids) {
  return {{"event_id", ids.event_id}, {"account_id", ids.account_id}, {"command", ids.command}};
}

}  // namespace

Processor::Processor(core::EventQueue& queue, core::Broker& broker,
                     core::AllocationSource& allocations, const core::Clock& clock,
                     Settings settings)
    : queue_(queue),
      broker_(broker),
      allocations_(allocations),
      clock_(clock),
      settings_(std::move(settings)),
      backoff_(settings_.backoff_initial, settings_.backoff_max) {}

Decision Processor::handle(const core::QueuedEvent& queued) {
  try {
    return handle_unguarded(queued);
  } catch (const std::exception& error) {
    // A bug outside the commands (which catch their own): the event is retried, not lost.
    const auto ids = peek_ids(queued.payload);
    CommandOutcome outcome;
    outcome.error = core::internal_error(std::string("processor threw: ") + error.what());
    auto decision = decide(ids, outcome, clock_.now());
    log::error("event handling failed", {{"event_id", ids.event_id},
                                         {"account_id", ids.account_id},
                                         {"error", decision.outcome.error}});
    board_.end_event(ids.command, decision.outcome.status, {}, decision.outcome.error);
    return decision;
  }
}

Decision Processor::handle_unguarded(const core::QueuedEvent& queued) {
  auto event = parse_event(queued.payload);
  if (!event) {
    const auto ids = peek_ids(queued.payload);
    CommandOutcome outcome;
    outcome.error = event.error();
    auto decision = decide(ids, outcome, clock_.now());
    auto fields = event_fields(ids);
    fields["action"] = to_string(decision.action);
    fields["error"] = decision.outcome.error;
    log::warn("event rejected", fields);
    board_.end_event(ids.command, decision.outcome.status, {}, decision.outcome.error);
    return decision;
  }
  const EventIds ids{event->event_id, event->account_id, event->command};
  board_.begin_event({ids.event_id, ids.account_id, ids.command, clock_.now()});
  // Every line logged on this thread until the event ends (the broker's order lines, its
  // waits, the TWS requests at DEBUG) names the event and the account.
  const log::ThreadFields event_log_fields(
      {{"event_id", ids.event_id}, {"account_id", ids.account_id}});
  auto start_fields = event_fields(ids);
  start_fields["times_queued"] = event->times_queued;
  log::info("event started", start_fields);

  CommandContext context{{broker_, allocations_, clock_}, settings_, event.value()};
  // The fence: the account's lease, taken with the event, must still be this worker's right
  // before any order goes out (another worker may have taken the account over after expiry).
  context.confirm_lease = [this, account = event->account_id] {
    return queue_.confirm_lease(account);
  };
  context.on_phase = [this](const std::string& phase) { board_.set_phase(phase, clock_.now()); };
  const auto started = clock_.monotonic();
  const auto outcome = run_command(context);
  auto decision = decide(ids, outcome, clock_.now());

  // The event's one summary line: command, status, orders, duration and (below) the reason.
  auto fields = event_fields(ids);
  fields["status"] = core::to_string(decision.outcome.status);
  fields["action"] = to_string(decision.action);
  fields["orders"] = decision.outcome.orders.size();
  fields["duration_ms"] =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.monotonic() - started).count();
  if (decision.park_until) {
    fields["park_until_unix"] =
        std::chrono::duration_cast<std::chrono::seconds>(decision.park_until->time_since_epoch())
            .count();
  }
  if (decision.outcome.error.empty()) {
    fields["result"] = outcome.result;
    log::info("event finished", fields);
  } else {
    fields["error"] = decision.outcome.error;
    (outcome.error->kind == core::ErrorKind::kInternal ? log::error : log::warn)("event finished",
                                                                                 fields);
  }
  board_.end_event(ids.command, decision.outcome.status, decision.outcome.orders,
                   decision.outcome.error);
  return decision;
}

core::Result<void> Processor::apply_once(const core::QueuedEvent& event, const Decision& decision) {
  switch (decision.action) {
    case QueueAction::kFinish:
      return queue_.finish(event, decision.outcome);
    case QueueAction::kDeadLetter:
      return queue_.dead_letter(event, decision.outcome);
    case QueueAction::kParkUntil:
      if (decision.park_until)
        return queue_.park_until(event, *decision.park_until, decision.outcome);
      return queue_.retry_later(event, decision.outcome);
    case QueueAction::kRetryLater:
      return queue_.retry_later(event, decision.outcome);
  }
  return queue_.retry_later(event, decision.outcome);
}

void Processor::apply(const core::QueuedEvent& event, const Decision& decision,
                      std::stop_token stop) {
  const json fields = {{"event_id", decision.outcome.event_id},
                       {"account_id", decision.outcome.account_id},
                       {"action", to_string(decision.action)}};
  std::optional<core::Deadline> give_up_at;
  while (true) {
    auto applied = apply_once(event, decision);
    if (applied) {
      redis_answered();
      log::info("queue action applied", fields);
      return;
    }
    if (applied.error().kind == core::ErrorKind::kClaimLost) {
      // Another worker recovered the event while this one could not reach Redis (or stalled):
      // it runs there. Nothing was written here, and retrying would only be refused again.
      redis_answered();
      auto lost = fields;
      lost["error"] = applied.error().message;
      log::warn("outcome not recorded: the event was recovered by another worker", lost);
      return;
    }
    redis_failed(applied.error());
    auto delay = backoff_.next_delay();
    if (stop.stop_requested()) {
      // Shutting down: keep trying the same action for the grace period, then leave the event
      // in this worker's processing list, where orphan recovery finds it after a restart.
      const auto now = clock_.monotonic();
      if (!give_up_at) give_up_at = now + settings_.shutdown_grace;
      if (now >= *give_up_at) {
        log::error("stopping with the outcome unwritten; the event stays in the processing list",
                   fields);
        return;
      }
      delay = std::min(delay, std::chrono::duration_cast<milliseconds>(*give_up_at - now));
      // A pacing wait between attempts; not on `stop`, which is already set.
      clock_.wait_until(now + delay, std::stop_token{});
      continue;
    }
    board_.set_state(ProcessorState::kBackingOff);
    wait_for_redis(delay, stop);
  }
}

bool Processor::housekeeping() {
  const auto now = clock_.monotonic();
  if (!next_orphan_check_ || now >= *next_orphan_check_) {
    auto recovered = queue_.recover_orphans();
    if (!recovered) {
      redis_failed(recovered.error());
      return false;
    }
    if (recovered.value() > 0)
      log::warn("recovered orphaned events", {{"count", recovered.value()}});
    next_orphan_check_ = now + settings_.orphan_check_interval;
  }
  if (!next_promote_ || now >= *next_promote_) {
    auto promoted = queue_.promote_due(clock_.now());
    if (!promoted) {
      redis_failed(promoted.error());
      return false;
    }
    if (promoted.value() > 0) log::info("promoted due events", {{"count", promoted.value()}});
    next_promote_ = now + settings_.retry_check_interval;
  }
  // No heartbeat here: the queue refreshes this worker's liveness inside next(), right before
  // it takes an event, and the service's supervisor refreshes it on its own timer (also while
  // paused or busy). A third refresh per event only cost Redis round trips (bench/pipeline.py).
  return true;
}

void Processor::run(std::stop_token stop) {
  log::info("processor started");
  while (!stop.stop_requested()) {
    if (!housekeeping()) {
      back_off(stop);
      continue;
    }
    auto paused = queue_.paused();
    if (!paused) {
      redis_failed(paused.error());
      back_off(stop);
      continue;
    }
    redis_answered();
    if (paused.value() != paused_) {
      paused_ = paused.value();
      log::info(paused_ ? "processing paused" : "processing resumed");
    }
    if (paused_) {
      board_.set_state(ProcessorState::kPaused);
      clock_.wait_until(clock_.monotonic() + settings_.pause_poll, stop);
      continue;
    }
    board_.set_state(ProcessorState::kIdle);
    auto next = queue_.next(settings_.queue_wait);
    if (!next) {
      redis_failed(next.error());
      back_off(stop);
      continue;
    }
    redis_answered();
    if (!next.value()) continue;
    const core::QueuedEvent event = std::move(*next.value());
    const auto decision = handle(event);
    apply(event, decision, stop);
  }
  board_.set_state(ProcessorState::kStopped);
  log::info("processor stopped");
}

void Processor::redis_reachable() {
  std::lock_guard lock(wait_mutex_);
  redis_back_ = true;
  if (redis_wait_ != nullptr) redis_wait_->request_stop();
}

void Processor::back_off(std::stop_token stop) {
  board_.set_state(ProcessorState::kBackingOff);
  wait_for_redis(backoff_.next_delay(), stop);
}

void Processor::wait_for_redis(std::chrono::milliseconds delay, std::stop_token stop) {
  // The clock waits on one token: this wait's own, which a stop request or redis_reachable()
  // ends.
  std::stop_source ended;
  {
    std::lock_guard lock(wait_mutex_);
    if (std::exchange(redis_back_, false)) return;
    redis_wait_ = &ended;
  }
  {
    const std::stop_callback forward_stop(stop, [&ended] { ended.request_stop(); });
    clock_.wait_until(clock_.monotonic() + delay, ended.get_token());
  }
  std::lock_guard lock(wait_mutex_);
  redis_wait_ = nullptr;
  redis_back_ = false;
}

void Processor::redis_failed(const core::Error& error) {
  if (redis_ok_) {
    redis_ok_ = false;
    log::error("redis unavailable; backing off", {{"error", error.message}});
  }
  board_.set_redis_ok(false, error.message);
}

void Processor::redis_answered() {
  backoff_.reset();
  if (!redis_ok_) {
    redis_ok_ = true;
    log::info("redis available again");
  }
  board_.set_redis_ok(true);
}

}  // namespace ep::processor
