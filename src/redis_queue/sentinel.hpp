// Asking Redis Sentinel where the master is (docs/queue.md "Sentinel failover"). One short
// connection per question, with the sentinel's own timeouts and password: a sentinel that is
// down or slow costs at most RedisOptions::sentinel_timeout before the next one is asked.
// Used by RedisConnection at every (re)connect; any thread, nothing shared.
#pragma once

#include "core/result.hpp"
#include "redis_queue/redis_options.hpp"

namespace ep::redis_queue {

// SENTINEL get-master-addr-by-name <master_name> of one sentinel: the master's address, or
// kUnavailable (sentinel unreachable, or it does not know the name).
core::Result<RedisEndpoint> ask_sentinel(const RedisOptions& options,
                                         const RedisEndpoint& sentinel);

}  // namespace ep::redis_queue
