#include "redis_queue/redis_queue_inspector.hpp"

#include <algorithm>
#include <array>

#include "core/iso_time.hpp"
#include "redis_queue/event_json.hpp"
#include "redis_queue/inspector_scripts.hpp"
#include "redis_queue/keys.hpp"
#include "redis_queue/stored_events.hpp"

namespace ep::redis_queue {
namespace {

using core::EventLocation;

std::string key(std::string_view name) {
  return std::string(name);
}

core::Result<std::int64_t> integer_of(RedisConnection& connection,
                                      const std::vector<std::string>& args) {
  auto reply = connection.command(args);
  if (!reply) return reply.error();
  return reply->integer;
}

}  // namespace

RedisQueueInspector::RedisQueueInspector(RedisOptions options, std::size_t max_idle_connections,
                                         RetrySummarySettings retry_summary)
    : pool_(std::move(options), max_idle_connections),
      retry_summary_(pool_, retry_summary.exact_up_to, retry_summary.max_age) {}

core::Result<void> RedisQueueInspector::ping() {
  auto connection = pool_.acquire();
  auto reply = connection->command({"PING"});
  if (!reply) return reply.error();
  return core::success();
}

core::Result<core::QueueCounts> RedisQueueInspector::counts(core::Timestamp now) {
  auto connection = pool_.acquire();
  // The processing lists are found first (SCAN: of forgotten workers too), then every length
  // and the oldest event come in one script.
  auto workers = scan_processing_workers(*connection);
  if (!workers) return workers.error();
  std::vector<std::string> count_keys{key(keys::kQueue), key(keys::kActiveSet),
                                      key(keys::kDelayedSet), key(keys::kMarketClosedSet),
                                      key(keys::kDeadLetter)};
  for (const auto& id : *workers) count_keys.push_back(keys::processing_list(id));
  auto reply = connection->eval(scripts::kQueueCounts, count_keys, {});
  if (!reply) return reply.error();
  const auto& figures = reply->elements;
  if (figures.size() < 6) return core::internal_error("redis: queue counts: unexpected reply");
  core::QueueCounts counts;
  counts.queue_length = figures[0].integer;
  counts.active_events_count = figures[1].integer;
  counts.delayed_events_count = figures[2].integer;
  counts.market_closed_count = figures[3].integer;
  counts.dead_letter_count = figures[4].integer;
  counts.processing_count = figures[5].integer;
  if (figures.size() > 6) {
    const auto created = core::parse_iso_time(parse_event_fields(figures[6].text).created_at);
    if (created) {
      const std::chrono::duration<double> age = now - *created;
      counts.oldest_event_age_seconds = std::max(age.count(), 0.0);
    }
  }
  if (auto filled = retry_summary_.fill(counts, *connection); !filled) return filled.error();
  return counts;
}

core::Result<std::vector<core::EventView>> RedisQueueInspector::list_page(EventLocation location,
                                                                          core::Page page) {
  auto connection = pool_.acquire();
  auto stored = read_location(*connection, location, page.offset, page.limit);
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

core::Result<std::vector<std::string>> RedisQueueInspector::history_page(core::Page page) {
  if (page.limit == 0 || page.offset > 1'000'000'000) return std::vector<std::string>{};
  auto connection = pool_.acquire();
  const std::string stop =
      page.limit > 1'000'000 ? "-1" : std::to_string(page.offset + page.limit - 1);
  auto reply =
      connection->command({"LRANGE", key(keys::kHistory), std::to_string(page.offset), stop});
  if (!reply) return reply.error();
  return reply->as_strings();
}

core::Result<void> RedisQueueInspector::set_paused(bool paused) {
  auto connection = pool_.acquire();
  // Replicated like a queue move: an acknowledged pause must survive a failover.
  auto reply = paused ? connection->replicated_command({"SET", key(keys::kPaused), "1"})
                      : connection->replicated_command({"DEL", key(keys::kPaused)});
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
