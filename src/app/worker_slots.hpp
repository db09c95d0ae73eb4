// The Redis side of the worker identity (worker_identity.hpp): claiming a worker slot, renewing
// it from the heartbeat, and the IB client id persisted per worker id. Keys:
//   rebalance_worker_slot:<worker_id>  string "<host> <pid> <start_time>", TTL kSlotTtlSeconds
//   rebalance_worker_client_ids        hash worker id -> client id, assigned once from
//                                      kFirstAssignedClientId up, distinct per worker, kept
// Every check-and-set is one Lua script, so two processes starting together never share a
// slot. claim_worker_identity runs once at start (service thread), renew_worker_slot from the
// supervisor thread; each call is given its own RedisConnection. Redis trouble is
// kUnavailable; nothing throws.
#pragma once

#include <optional>
#include <string>

#include "app/worker_identity.hpp"
#include "core/result.hpp"
#include "redis_queue/redis_connection.hpp"

namespace ep::app {

inline constexpr std::string_view kSlotKeyPrefix = "rebalance_worker_slot:";
inline constexpr std::string_view kClientIdsKey = "rebalance_worker_client_ids";
// Above the original's random 1000..2999, so a processor of the original deployment sharing
// the gateway during a migration never holds an id we assign.
inline constexpr int kFirstAssignedClientId = 3000;
inline constexpr int kSlotTtlSeconds = 30;
inline constexpr int kMaxSlots = 100;

struct WorkerIdentity {
  std::string worker_id;
  int slot = 0;
  int client_id = 0;
  bool client_id_assigned = false;            // from kClientIdsKey (false: configured IB_CLIENT_ID)
  std::optional<std::string> took_over_from;  // the dead holder whose slot we took
};

// The first slot of `name` that is free, ours, or held by a dead process of this host; then
// the client id: `configured` when set (IB_CLIENT_ID wins), else the worker id's persisted id
// (assigned now if it has none). kUnavailable when Redis fails or every slot is held live.
core::Result<WorkerIdentity> claim_worker_identity(redis_queue::RedisConnection& redis,
                                                   const std::string& name, const Holder& self,
                                                   const ProcessProbe& probe,
                                                   std::optional<int> configured_client_id);

enum class RenewOutcome { kRenewed, kTakenOver };

// Extends the slot's TTL (re-creating the key after Redis lost it, together with the client id
// entry when it was assigned). kTakenOver when another process holds the slot now: two
// processes must never run as one worker id, so the caller stops.
core::Result<RenewOutcome> renew_worker_slot(redis_queue::RedisConnection& redis,
                                             const WorkerIdentity& identity, const Holder& self);

}  // namespace ep::app
