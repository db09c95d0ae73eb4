#include "app/worker_slots.hpp"

#include <fmt/format.h>

namespace ep::app {
namespace {

// KEYS[1] slot key; ARGV: self, the stale holder we may replace ("" for none), TTL.
// Returns {1, ""} when the slot is ours now, else {0, current holder}.
constexpr std::string_view kClaimScript = R"lua(
local current = redis.call('GET', KEYS[1])
if (not current) or current == ARGV[1] or (ARGV[2] ~= '' and current == ARGV[2]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
  return {1, ''}
end
return {0, current}
)lua";

// KEYS[1] slot key, KEYS[2] client id hash; ARGV: self, TTL, worker id, client id ("" when
// configured). Returns "" when renewed, else the holder that has the slot now.
constexpr std::string_view kRenewScript = R"lua(
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if ARGV[4] ~= '' then redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[4]) end
return ''
)lua";

// KEYS[1] client id hash; ARGV: worker id, first id. The worker's id, or one above every id
// handed out so far (never below the first).
constexpr std::string_view kClientIdScript = R"lua(
local id = redis.call('HGET', KEYS[1], ARGV[1])
if id then return tonumber(id) end
local next_id = tonumber(ARGV[2])
for _, value in ipairs(redis.call('HVALS', KEYS[1])) do
  local n = tonumber(value)
  if n and n >= next_id then next_id = n + 1 end
end
redis.call('HSET', KEYS[1], ARGV[1], next_id)
return next_id
)lua";

std::string slot_key(const std::string& worker_id) {
  return std::string(kSlotKeyPrefix) + worker_id;
}

struct ClaimAnswer {
  bool claimed = false;
  std::string holder;
};

core::Result<ClaimAnswer> try_claim(redis_queue::RedisConnection& redis, const std::string& key,
                                    const std::string& self, const std::string& stale) {
  auto reply = redis.eval(kClaimScript, {key}, {self, stale, std::to_string(kSlotTtlSeconds)});
  if (!reply) return reply.error();
  if (reply->elements.size() != 2) return core::internal_error("worker slot claim: bad reply");
  return ClaimAnswer{reply->elements[0].integer == 1, reply->elements[1].as_string().value_or("")};
}

}  // namespace

core::Result<WorkerIdentity> claim_worker_identity(redis_queue::RedisConnection& redis,
                                                   const std::string& name, const Holder& self,
                                                   const ProcessProbe& probe,
                                                   std::optional<int> configured_client_id) {
  const std::string stamp = encode_holder(self);
  WorkerIdentity identity;
  bool claimed = false;
  for (int slot = 0; slot < kMaxSlots && !claimed; ++slot) {
    const std::string worker_id = slot_worker_id(name, slot);
    const std::string key = slot_key(worker_id);
    auto first = try_claim(redis, key, stamp, "");
    if (!first) return first.error();
    if (!first->claimed) {
      if (judge_slot(first->holder, self, probe) != SlotVerdict::kStale) continue;
      // Only this holder is replaced: if another process claimed it meanwhile, it is live.
      auto second = try_claim(redis, key, stamp, first->holder);
      if (!second) return second.error();
      if (!second->claimed) continue;
      identity.took_over_from = first->holder;
    }
    identity.worker_id = worker_id;
    identity.slot = slot;
    claimed = true;
  }
  if (!claimed) {
    return core::unavailable(
        fmt::format("all {} worker slots of '{}' are held by live processes (set WORKER_NAME)",
                    kMaxSlots, name));
  }
  if (configured_client_id) {
    identity.client_id = *configured_client_id;
    return identity;
  }
  auto id = redis.eval(kClientIdScript, {std::string(kClientIdsKey)},
                       {identity.worker_id, std::to_string(kFirstAssignedClientId)});
  if (!id) return id.error();
  if (id->type != redis_queue::RedisReply::Type::kInteger) {
    return core::internal_error("worker client id: bad reply");
  }
  identity.client_id = static_cast<int>(id->integer);
  identity.client_id_assigned = true;
  return identity;
}

core::Result<RenewOutcome> renew_worker_slot(redis_queue::RedisConnection& redis,
                                             const WorkerIdentity& identity, const Holder& self) {
  auto reply = redis.eval(
      kRenewScript, {slot_key(identity.worker_id), std::string(kClientIdsKey)},
      {encode_holder(self), std::to_string(kSlotTtlSeconds), identity.worker_id,
       identity.client_id_assigned ? std::to_string(identity.client_id) : std::string()});
  if (!reply) return reply.error();
  return reply->as_string().value_or("").empty() ? RenewOutcome::kRenewed
                                                 : RenewOutcome::kTakenOver;
}

}  // namespace ep::app
