// The Lua scripts that make each queue move atomic (Redis runs a script as one step, so two
// processors or an operator and a processor never see half a move). Sent with EVAL each time:
// they are small, and EVAL survives a Redis restart that would forget an EVALSHA cache.
// Constants only; any thread.
#pragma once

#include <string_view>

namespace ep::redis_queue::scripts {

// An outcome: the event leaves the processing list, its dedup key goes, it lands in its target,
// the outcome record joins the capped history and the account's lease is released (only when
// it still holds our value: a lease taken over by another worker is not ours to delete), with a
// token on the lease-released list for a worker waiting on a busy account.
// Fenced and idempotent (docs/queue.md "Fenced claims"): with a claim given, nothing is written
// when the outcome of that claim was already written (a resend after a timeout whose first copy
// ran after all) or when the worker's claim now holds another value (another worker recovered
// the event: it runs there, not here).
// KEYS: processing, queue, active set, target, history, lease-released list, claim key,
//       outcome marker key
// ARGV: payload as taken, dedup key or "" (then it is read here, with Redis's own JSON decoder,
//       which also reads payloads the adapter's strict parser refused), mode ("zadd" | "lpush" |
//       "none"), score, member, history record or "", history length, lease key or "", lease
//       value, claim value or "" (no fence), marker TTL in seconds, event id (marker value)
// Returns 1 when the payload was in the processing list; -1 when it was found back in the queue
// instead (it must not run again); 0 when it was nowhere and no claim is known (Redis lost its
// data): the outcome is recorded all the same; 2 when this claim's outcome was already written
// (nothing written now); a string (the claim's current value) when the claim is no longer ours:
// nothing is written but the release of our lease (we place nothing more for the account).
inline constexpr std::string_view kRecordOutcome = R"lua(
local function release_lease()
  if ARGV[8] ~= '' and redis.call('GET', ARGV[8]) == ARGV[9] then
    redis.call('DEL', ARGV[8])
    redis.call('LPUSH', KEYS[6], '1')
    redis.call('LTRIM', KEYS[6], 0, 0)
  end
end
local claimed = ARGV[10] ~= ''
if claimed then
  if redis.call('EXISTS', KEYS[8]) == 1 then return 2 end
  local claim = redis.call('GET', KEYS[7])
  if claim and claim ~= ARGV[10] then
    release_lease()
    return claim
  end
end
local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
if removed == 0 then
  removed = -redis.call('LREM', KEYS[2], 1, ARGV[1])
end
local dedup = ARGV[2]
if dedup == '' then
  local ok, event = pcall(cjson.decode, ARGV[1])
  if ok and type(event) == 'table' and type(event.account_id) == 'string'
      and type(event.data) == 'table' and type(event.data.exec) == 'string' then
    dedup = event.account_id .. ':' .. event.data.exec
  end
end
if dedup ~= '' then redis.call('SREM', KEYS[3], dedup) end
if ARGV[3] == 'zadd' then
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[5])
elseif ARGV[3] == 'lpush' then
  redis.call('LPUSH', KEYS[4], ARGV[5])
end
if ARGV[6] ~= '' then
  redis.call('LPUSH', KEYS[5], ARGV[6])
  redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[7]) - 1)
end
release_lease()
if claimed then
  redis.call('SET', KEYS[8], ARGV[12], 'EX', tonumber(ARGV[11]))
  if redis.call('GET', KEYS[7]) == ARGV[10] then redis.call('DEL', KEYS[7]) end
end
return removed
)lua";

// Ready retries and due market-closed events back to the queue (LPUSH, the back of the line, as
// the original does) with their dedup key. ZREM decides who moves a member, so concurrent
// promoters never duplicate one. A member whose dedup key is already active (another event of
// the same account and command is queued or running) stays parked for a later round: promoting
// it would make two active events of one key. At most ARGV[3] members per set per call,
// starting after the first ARGV[4] (retry set) / ARGV[5] (market set) due members, which are
// the ones an earlier call of this round left parked.
// KEYS: retry set, market-closed set, queue, active set
// ARGV: retry cutoff (now - retry_delay_seconds), market cutoff (now), batch size,
//       retry offset, market offset
// Returns {moved, retry members seen, retry members left parked, market seen, market left}.
inline constexpr std::string_view kPromoteDue = R"lua(
local moved = 0
local function promote(set, cutoff, offset)
  local members = redis.call('ZRANGEBYSCORE', set, '-inf', cutoff, 'LIMIT', tonumber(offset),
                             tonumber(ARGV[3]))
  local left = 0
  for _, member in ipairs(members) do
    local key = nil
    local ok, event = pcall(cjson.decode, member)
    if ok and type(event) == 'table' and type(event.account_id) == 'string'
        and event.account_id ~= '' and type(event.data) == 'table'
        and type(event.data.exec) == 'string' and event.data.exec ~= '' then
      key = event.account_id .. ':' .. event.data.exec
    end
    if key and redis.call('SISMEMBER', KEYS[4], key) == 1 then
      left = left + 1
    elseif redis.call('ZREM', set, member) == 1 then
      redis.call('LPUSH', KEYS[3], member)
      if key then redis.call('SADD', KEYS[4], key) end
      moved = moved + 1
    end
  end
  return #members, left
end
local retry_seen, retry_left = promote(KEYS[1], ARGV[1], ARGV[4])
local market_seen, market_left = promote(KEYS[2], ARGV[2], ARGV[5])
return {moved, retry_seen, retry_left, market_seen, market_left}
)lua";

// A dead worker's processing list back to the consuming (RIGHT) end of the queue, oldest
// nearest the end, then the worker is forgotten and its claim replaced by ARGV[3] (kept ARGV[4]
// seconds), so that worker, should it be alive after all, records and places nothing more for
// the event (docs/queue.md "Fenced claims"). Does nothing (returns -1) when the worker's
// liveness key exists, nor (returns -2) when the recovering worker's own liveness key is gone:
// a worker that does not look alive itself sees a Redis whose keys all expired at once (a
// restart or a freeze longer than the TTL, or a script of ours that waited in a frozen Redis)
// and recovers nobody until the live workers had their chance to re-assert. ARGV[2] "own": this
// process's own list at start (nothing of it is in flight yet); its claim is simply deleted.
// KEYS: liveness key, processing list, queue, workers set, claim key, recovering worker's
//       liveness key
// ARGV: worker id, "own" or "", recovered claim value, its TTL in seconds
inline constexpr std::string_view kRecoverOrphans = R"lua(
local own = ARGV[2] == 'own'
if not own then
  if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
  if redis.call('EXISTS', KEYS[6]) == 0 then return -2 end
end
local moved = 0
while redis.call('LMOVE', KEYS[2], KEYS[3], 'LEFT', 'RIGHT') do moved = moved + 1 end
if own then
  redis.call('DEL', KEYS[5])
else
  redis.call('SREM', KEYS[4], ARGV[1])
  if redis.call('EXISTS', KEYS[5]) == 1 or moved > 0 then
    redis.call('SET', KEYS[5], ARGV[3], 'EX', tonumber(ARGV[4]))
  end
end
return moved
)lua";

// This worker is alive: liveness key with its TTL, registered in the workers set, and the
// account lease of the event it runs (if any, and only while it still holds our value) gets
// its TTL again.
// KEYS: liveness key, workers set.
// ARGV: value, ttl seconds, worker id, lease key or "", lease value, lease TTL in ms
inline constexpr std::string_view kHeartbeat = R"lua(
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
redis.call('SADD', KEYS[2], ARGV[3])
if ARGV[4] ~= '' and redis.call('GET', ARGV[4]) == ARGV[5] then
  redis.call('PEXPIRE', ARGV[4], tonumber(ARGV[6]))
end
return 1
)lua";

// A new event with the broker's de-duplication: nothing is pushed when the key is present.
// KEYS: active set, queue.  ARGV: dedup key, payload.  Returns 1 when enqueued, 0 duplicate.
inline constexpr std::string_view kEnqueue = R"lua(
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
return 1
)lua";

// An operator's move of one stored member: removes exactly that member from a list or sorted
// set; then, only if it was there, optionally drops its dedup key (removal from the queue) or
// pushes a payload back to the queue with its dedup key (retry now).
// KEYS: location key, active set, queue
// ARGV: "list" | "zset", member, dedup key or "", "srem" | "requeue" | "", payload to requeue
// Returns the number of members removed (0 or 1).
inline constexpr std::string_view kMoveMember = R"lua(
local removed
if ARGV[1] == 'zset' then
  removed = redis.call('ZREM', KEYS[1], ARGV[2])
else
  removed = redis.call('LREM', KEYS[1], 1, ARGV[2])
end
if removed == 0 then return 0 end
if ARGV[4] == 'srem' and ARGV[3] ~= '' then
  redis.call('SREM', KEYS[2], ARGV[3])
elseif ARGV[4] == 'requeue' then
  redis.call('LPUSH', KEYS[3], ARGV[5])
  if ARGV[3] ~= '' then redis.call('SADD', KEYS[2], ARGV[3]) end
end
return removed
)lua";

// An operator removes a dead letter. Dead-lettering normally released the event's dedup key; a
// key still present is released too, unless a live copy of the same account and command needs
// it: one waiting in the queue or running in a processing list (a parked copy does not hold its
// key while parked). Events are compared by account_id and data.exec after decoding.
// KEYS: dead letters, active set, queue, processing lists...
// ARGV: the dead-letter record, dedup key or "", account id, exec
// Returns 0 when the record was not there, 1 when removed, 2 when the key was released too.
inline constexpr std::string_view kDropDeadLetter = R"lua(
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
if ARGV[2] == '' or redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0 then return 1 end
for i = 3, #KEYS do
  for _, payload in ipairs(redis.call('LRANGE', KEYS[i], 0, -1)) do
    local ok, event = pcall(cjson.decode, payload)
    if ok and type(event) == 'table' and event.account_id == ARGV[3]
        and type(event.data) == 'table' and event.data.exec == ARGV[4] then
      return 1
    end
  end
end
redis.call('SREM', KEYS[2], ARGV[2])
return 2
)lua";

}  // namespace ep::redis_queue::scripts
