// The Lua script of the message budget shared by the processors of one IB Gateway
// (gateway_budget.hpp). Constants only; any thread.
#pragma once

#include <string_view>

namespace ep::redis_queue::scripts {

// A sliding-window log of grants: KEYS[1] is a list of grant times (microseconds of Redis's
// own clock, so processors on different hosts agree), oldest at the head. Times older than the
// window are dropped; up to ARGV[3] slots are granted while fewer than ARGV[1] remain, each
// appended with the current time. So no window of ARGV[2] microseconds holds more than ARGV[1]
// grants. KEYS[2] is a sorted set of the clients that asked within ARGV[5] microseconds (score
// = last ask), the divisor of the local rate a client falls back to without Redis.
// KEYS: grant log, sharers
// ARGV: limit, window (us), wanted, client name, sharer ttl (us)
// Returns {granted, microseconds until a slot frees up (0 when granted), sharers}.
inline constexpr std::string_view kTakeMessageSlots = R"lua(
local t = redis.call('TIME')
-- Written as text: Lua prints a number this large in %.14g, which would round it.
local now_text = t[1] .. string.format('%06d', tonumber(t[2]))
local now = tonumber(now_text)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local cutoff = now - window
local kept = redis.call('LRANGE', KEYS[1], 0, -1)
local expired = 0
for i = 1, #kept do
  if tonumber(kept[i]) > cutoff then break end
  expired = i
end
if expired > 0 then redis.call('LTRIM', KEYS[1], expired, -1) end
local used = #kept - expired
local granted = math.max(0, math.min(wanted, limit - used))
for _ = 1, granted do redis.call('RPUSH', KEYS[1], now_text) end
local retry = 0
if granted == 0 and used > 0 then
  -- The slot frees up when the grant (used - limit) places from the oldest leaves the window.
  local freeing = tonumber(kept[expired + 1 + math.max(0, used - limit)])
  retry = math.max(1, freeing + window - now)
end
redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000) + 1000)
local sharer_ttl = tonumber(ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - sharer_ttl)
redis.call('PEXPIRE', KEYS[2], math.floor(sharer_ttl / 1000) + 1000)
return {granted, retry, redis.call('ZCARD', KEYS[2])}
)lua";

}  // namespace ep::redis_queue::scripts
