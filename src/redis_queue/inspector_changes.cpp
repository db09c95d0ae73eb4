// The changing half of RedisQueueInspector: remove, enqueue and retry_now.
#include <array>
#include <vector>

#include "redis_queue/event_json.hpp"
#include "redis_queue/keys.hpp"
#include "redis_queue/lua_scripts.hpp"
#include "redis_queue/redis_queue_inspector.hpp"
#include "redis_queue/stored_events.hpp"

namespace ep::redis_queue {
namespace {

using core::EventLocation;

// A member can change under us (a processor took or promoted it between our read and the
// script); then the search runs again, a bounded number of times.
constexpr int kAttempts = 3;

std::string key(std::string_view name) {
  return std::string(name);
}

std::string kind_of(EventLocation location) {
  return location == EventLocation::kDelayed || location == EventLocation::kMarketClosed ? "zset"
                                                                                         : "list";
}

// Removes a dead letter; its dedup key goes too unless a live copy in the queue or a processing
// list still needs it (the script checks them in the same atomic step).
core::Result<bool> drop_dead_letter(RedisConnection& connection, const StoredEvent& stored) {
  const EventFields fields = parse_event_fields(stored.payload);
  const std::string dedup = dedup_key(fields).value_or("");
  std::vector<std::string> keys{stored.key, key(keys::kActiveSet), key(keys::kQueue)};
  if (!dedup.empty()) {
    // Every processing list: of registered workers and of forgotten ones (SCAN).
    auto workers = scan_processing_workers(connection);
    if (!workers) return workers.error();
    auto members = connection.command({"SMEMBERS", key(keys::kWorkers)});
    if (!members) return members.error();
    for (auto& id : members->as_strings()) workers->insert(std::move(id));
    for (const auto& id : *workers) keys.push_back(keys::processing_list(id));
  }
  auto reply = connection.replicated_eval(scripts::kDropDeadLetter, keys,
                                          {stored.member, dedup, fields.account_id, fields.exec});
  if (!reply) return reply.error();
  return reply->integer > 0;
}

// Finds the event among `where` and applies the move script; true when it moved.
core::Result<bool> move_event(RedisConnection& connection, std::string_view event_id,
                              std::span<const EventLocation> where, bool requeue) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto found = find_stored(connection, event_id, where);
    if (!found) return found.error();
    if (!found->has_value()) return false;
    const StoredEvent& stored = **found;
    if (!requeue && stored.location == EventLocation::kDead) {
      auto dropped = drop_dead_letter(connection, stored);
      if (!dropped) return dropped.error();
      if (*dropped) return true;
      continue;
    }
    const std::string dedup = dedup_key(parse_event_fields(stored.payload)).value_or("");
    std::string action = requeue ? "requeue" : "";
    if (!requeue && stored.location == EventLocation::kActive) action = "srem";
    auto reply = connection.replicated_eval(
        scripts::kMoveMember, {stored.key, key(keys::kActiveSet), key(keys::kQueue)},
        {kind_of(stored.location), stored.member, dedup, action, stored.payload});
    if (!reply) return reply.error();
    if (reply->integer > 0) return true;
  }
  return false;
}

}  // namespace

core::Result<bool> RedisQueueInspector::remove(std::string_view event_id) {
  constexpr std::array kWhere{EventLocation::kActive, EventLocation::kDelayed,
                              EventLocation::kMarketClosed, EventLocation::kDead};
  auto connection = pool_.acquire();
  return move_event(*connection, event_id, kWhere, false);
}

core::Result<bool> RedisQueueInspector::retry_now(std::string_view event_id) {
  constexpr std::array kWhere{EventLocation::kDead, EventLocation::kDelayed,
                              EventLocation::kMarketClosed};
  auto connection = pool_.acquire();
  return move_event(*connection, event_id, kWhere, true);
}

core::Result<core::EnqueueResult> RedisQueueInspector::enqueue(std::string_view account_id,
                                                               std::string_view exec_command,
                                                               std::string_view data_json,
                                                               core::Timestamp now) {
  if (account_id.empty()) return core::invalid_input("account_id must not be empty");
  if (exec_command.empty()) return core::invalid_input("exec_command must not be empty");
  NewEvent event = make_new_event(account_id, exec_command, data_json, now);
  if (!event.error.empty()) return core::invalid_input(event.error);

  auto connection = pool_.acquire();
  const std::string dedup = std::string(account_id) + ":" + std::string(exec_command);
  auto reply = connection->replicated_eval(
      scripts::kEnqueue, {key(keys::kActiveSet), key(keys::kQueue)}, {dedup, event.payload});
  if (!reply) return reply.error();
  core::EnqueueResult result;
  result.status =
      reply->integer == 1 ? core::EnqueueStatus::kEnqueued : core::EnqueueStatus::kDuplicate;
  if (result.status == core::EnqueueStatus::kEnqueued) result.event_id = event.event_id;
  return result;
}

}  // namespace ep::redis_queue
