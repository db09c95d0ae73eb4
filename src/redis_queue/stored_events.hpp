// Reading events where they are stored (the queue, the delayed sets, the dead letters, the
// processing lists), as the management side needs them. Internal to redis_queue: used by
// RedisQueueInspector and RedisEventQueue on a connection the caller owns (one thread).
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/queue_inspector.hpp"
#include "core/result.hpp"
#include "redis_queue/redis_connection.hpp"

namespace ep::redis_queue {

// One stored element: `member` is the exact text in Redis (for a dead letter the record), so it
// can be removed exactly; `payload` is the event JSON inside it.
struct StoredEvent {
  core::EventLocation location = core::EventLocation::kActive;
  std::string key;
  std::string member;
  std::string payload;
  std::optional<double> score;
  std::string reason;
  // Dead letters: the ids the record names, for events whose payload is malformed.
  std::string record_event_id;
  std::string record_account_id;
};

inline constexpr std::size_t kAll = static_cast<std::size_t>(-1);

// Up to `limit` events of one location after skipping `offset`: the queue oldest first, sorted
// sets by score, dead letters newest first, processing lists per worker oldest first. One
// LRANGE / ZRANGE of the page (Redis walks to the offset, nothing before it travels).
core::Result<std::vector<StoredEvent>> read_location(RedisConnection& connection,
                                                     core::EventLocation location,
                                                     std::size_t offset, std::size_t limit);

// The first stored event with this event_id among `where`, searched in that order. Lists are
// read in chunks of 1000 (overlapping, so an element shifted by a concurrent removal is still
// seen), sorted sets with ZSCAN: the memory used does not grow with the location.
core::Result<std::optional<StoredEvent>> find_stored(RedisConnection& connection,
                                                     std::string_view event_id,
                                                     std::span<const core::EventLocation> where);

// The view the API shows; fields the payload lacks stay empty.
core::EventView to_view(const StoredEvent& stored);

// Worker ids that have a processing list (SCAN, so lists of forgotten workers are found too).
core::Result<std::set<std::string>> scan_processing_workers(RedisConnection& connection);

}  // namespace ep::redis_queue
