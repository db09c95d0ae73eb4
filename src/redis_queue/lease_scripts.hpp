// The Lua scripts of the per-account lease: taking an event (with the pause flag and the
// account's lease checked in the same atomic step) and confirming the lease right before orders
// are placed. One account runs one rebalance at a time across every processor; docs/queue.md
// explains the design. Constants only; any thread.
//
// Lease keys are named from the event's account inside the scripts (rebalance_lease:<account>),
// so they are not declared in KEYS: fine on a standalone Redis (what this service uses), not
// on Redis Cluster.
#pragma once

#include <string_view>

namespace ep::redis_queue::scripts {

// Takes the oldest event this worker may run. Looks at up to ARGV[2] events from the consuming
// (RIGHT) end; an event whose account is leased by another worker is skipped, and so is every
// later event of that account (per-account order is kept). The first eligible event moves to
// the processing list (LREM -1 + LPUSH), the worker's claim on it is set to "<worker id>#<fencing
// token>" (docs/queue.md "Fenced claims") and its account is leased to this worker with the
// same value and a TTL. A lease whose value starts with "<worker id>#" is
// ours (an earlier life of this worker id: one worker runs one event at a time). An event
// without a readable account_id is taken without a lease (the processor dead-letters it).
// Nothing is taken while the pause flag exists (read with GET: bench/pipeline.py counts every
// EXISTS as a round trip of its own). The events are read in growing chunks, so the usual take
// (the oldest event is eligible) copies a few events, not the whole window.
// KEYS: queue, processing list, pause flag, fencing token counter, claim key
// ARGV: worker id, how many events to look at, lease TTL in ms, lease key prefix
// Returns {"taken", payload, lease key or "", claim value}, {"paused"}, {"empty"} or
// {"busy"} (events are queued, none is eligible now).
inline constexpr std::string_view kTake = R"lua(
if redis.call('GET', KEYS[3]) then return {'paused'} end
local limit = tonumber(ARGV[2])
local mine = ARGV[1] .. '#'
local blocked = {}
local seen = 0
local chunk = 8
while seen < limit do
  local want = math.min(chunk, limit - seen)
  local items = redis.call('LRANGE', KEYS[1], -(seen + want), -(seen + 1))
  for i = #items, 1, -1 do
    local payload = items[i]
    local account = nil
    local ok, event = pcall(cjson.decode, payload)
    if ok and type(event) == 'table' and type(event.account_id) == 'string'
        and event.account_id ~= '' then
      account = event.account_id
    end
    local eligible = true
    if account then
      if blocked[account] then
        eligible = false
      else
        local holder = redis.call('GET', ARGV[4] .. account)
        if holder and string.sub(holder, 1, #mine) ~= mine then
          blocked[account] = true
          eligible = false
        end
      end
    end
    if eligible then
      redis.call('LREM', KEYS[1], -1, payload)
      redis.call('LPUSH', KEYS[2], payload)
      local value = mine .. redis.call('INCR', KEYS[4])
      redis.call('SET', KEYS[5], value)
      if not account then return {'taken', payload, '', value} end
      redis.call('SET', ARGV[4] .. account, value, 'PX', tonumber(ARGV[3]))
      return {'taken', payload, ARGV[4] .. account, value}
    end
  end
  seen = seen + #items
  if #items < want then break end
  chunk = chunk * 4
end
if seen == 0 then return {'empty'} end
return {'busy'}
)lua";

// The fence: passes only while the worker's claim on the event and the account's lease still
// hold our value; then the lease's TTL starts again.
// KEYS: lease key, claim key.  ARGV: our value, TTL in ms.
// Returns {"ok"}, {"claim", its current value or ""} (the event was recovered by another
// worker) or {"lease", its current holder or ""} ("": the lease expired).
inline constexpr std::string_view kConfirmLease = R"lua(
local claim = redis.call('GET', KEYS[2])
if claim ~= ARGV[1] then return {'claim', claim or ''} end
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return {'ok'}
end
return {'lease', holder or ''}
)lua";

}  // namespace ep::redis_queue::scripts
