// The read-only Lua scripts of RedisQueueInspector: figures the management API shows, read in
// one atomic step so they agree with each other. Every command here costs the same whatever
// the queue holds (LLEN, SCARD, ZCARD, LINDEX at the end). Constants only; any thread.
#pragma once

#include <string_view>

namespace ep::redis_queue::scripts {

// The lengths of every key /queue/status shows and the event at the queue's consuming (RIGHT)
// end, the oldest.
// KEYS: queue, active set, delayed set, market-closed set, dead letters, processing lists...
// Returns {queue length, active count, delayed count, market-closed count, dead letters,
//          events in processing lists, oldest queued event (absent when the queue is empty)}.
inline constexpr std::string_view kQueueCounts = R"lua(
local counts = {redis.call('LLEN', KEYS[1]), redis.call('SCARD', KEYS[2]),
                redis.call('ZCARD', KEYS[3]), redis.call('ZCARD', KEYS[4]),
                redis.call('LLEN', KEYS[5]), 0}
for i = 6, #KEYS do counts[6] = counts[6] + redis.call('LLEN', KEYS[i]) end
local oldest = redis.call('LINDEX', KEYS[1], -1)
if oldest then counts[7] = oldest end
return counts
)lua";

}  // namespace ep::redis_queue::scripts
