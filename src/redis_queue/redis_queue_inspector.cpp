#include "redis_queue/redis_queue_inspector.hpp"

#include <algorithm>
#include <array>

#include "redis_queue/event_json.hpp"
#include "redis_queue/iso_time.hpp"
#include "redis_queue/keys.hpp"
#include "redis_queue/stored_events.hpp"

namespace ep::redis_queue {
namespace {

using core::EventLocation;

std::string key(std::string_view name) { return std::string(name); }

core::Result<std::int64_t> integer_of(RedisConnection& connection,
                                      const std::vector<std::string>& args) {
  auto reply = connection.command(args);
  if (!reply) return reply.error();
  return reply->integer;
}

void add_retry_statistics(const std::vector<StoredEvent>& events, core::QueueCounts& counts) {
  for (const auto& stored : events) {
    const EventFields fields = parse_event_fields(stored.payload);
    if (!fields.valid) continue;
    ++counts.retry_distribution[fields.times_queued];
    if (fields.times_queued > 1) ++counts.events_with_retries;
    counts.max_retry_count = std::max(counts.max_retry_count, fields.times_queued);
  }
}

}  // namespace

RedisQueueInspector::RedisQueueInspector(RedisOptions options, std::size_t max_idle_connections)
    : pool_(std::move(options), max_idle_connections) {}

core::Result<void> RedisQueueInspector::ping() {
  auto connection = pool_.acquire();
  auto reply = connection->command({"PING"});
  if (!reply) return reply.error();
  return core::success();
}

core::Result<core::QueueCounts> RedisQueueInspector::counts(core::Timestamp now) {
  auto connection = pool_.acquire();
  core::QueueCounts counts;
  const std::array<std::pair<std::int64_t*, std::vector<std::string>>, 5> simple{{
      {&counts.queue_length, {"LLEN", key(keys::kQueue)}},
      {&counts.active_events_count, {"SCARD", key(keys::kActiveSet)}},
      {&counts.delayed_events_count, {"ZCARD", key(keys::kDelayedSet)}},
      {&counts.market_closed_count, {"ZCARD", key(keys::kMarketClosedSet)}},
      {&counts.dead_letter_count, {"LLEN", key(keys::kDeadLetter)}},
  }};
  for (const auto& [field, args] : simple) {
    auto value = integer_of(*connection, args);
    if (!value) return value.error();
    *field = *value;
  }
  auto workers = scan_processing_workers(*connection);
  if (!workers) return workers.error();
  for (const auto& id : *workers) {
    auto length = integer_of(*connection, {"LLEN", keys::processing_list(id)});
    if (!length) return length.error();
    counts.processing_count += *length;
  }

  auto queued = read_location(*connection, EventLocation::kActive, kAll);
  if (!queued) return queued.error();
  auto delayed = read_location(*connection, EventLocation::kDelayed, kAll);
  if (!delayed) return delayed.error();
  if (!queued->empty()) {  // oldest first: the element at the consuming end
    const auto created = parse_iso_time(parse_event_fields(queued->front().payload).created_at);
    if (created) {
      const std::chrono::duration<double> age = now - *created;
      counts.oldest_event_age_seconds = std::max(age.count(), 0.0);
    }
  }
  add_retry_statistics(*queued, counts);
  add_retry_statistics(*delayed, counts);
  return counts;
}

core::Result<std::vector<core::EventView>> RedisQueueInspector::list(EventLocation location,
                                                                    std::size_t limit) {
  auto connection = pool_.acquire();
  auto stored = read_location(*connection, location, limit);
  if (!stored) return stored.error();
  std::vector<core::EventView> views;
  views.reserve(stored->size());
  for (const auto& event : *stored) views.push_back(to_view(event));
  return views;
}

core::Result<std::optional<core::EventView>> RedisQueueInspector::find(std::string_view event_id) {
  constexpr std::array kEverywhere{EventLocation::kActive, EventLocation::kDelayed,
                                   EventLocation::kMarketClosed, EventLocation::kDead,
                                   EventLocation::kProcessing};
  auto connection = pool_.acquire();
  auto stored = find_stored(*connection, event_id, kEverywhere);
  if (!stored) return stored.error();
  if (!stored->has_value()) return std::optional<core::EventView>{};
  return std::optional<core::EventView>{to_view(**stored)};
}

core::Result<std::vector<std::string>> RedisQueueInspector::history(std::size_t limit) {
  if (limit == 0) return std::vector<std::string>{};
  auto connection = pool_.acquire();
  const std::string stop = limit > 1'000'000 ? "-1" : std::to_string(limit - 1);
  auto reply = connection->command({"LRANGE", key(keys::kHistory), "0", stop});
  if (!reply) return reply.error();
  return reply->as_strings();
}

core::Result<void> RedisQueueInspector::set_paused(bool paused) {
  auto connection = pool_.acquire();
  auto reply = paused ? connection->command({"SET", key(keys::kPaused), "1"})
                      : connection->command({"DEL", key(keys::kPaused)});
  if (!reply) return reply.error();
  return core::success();
}

core::Result<bool> RedisQueueInspector::paused() {
  auto connection = pool_.acquire();
  auto exists = integer_of(*connection, {"EXISTS", key(keys::kPaused)});
  if (!exists) return exists.error();
  return *exists > 0;
}

}  // namespace ep::redis_queue
