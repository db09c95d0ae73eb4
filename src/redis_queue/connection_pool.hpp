// ConnectionPool: a few RedisConnections shared by concurrent callers (the management API's HTTP
// worker threads). acquire() hands out an idle connection or makes a new one; the Lease gives it
// back when it goes out of scope, keeping at most `max_idle` idle connections. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "redis_queue/redis_connection.hpp"

namespace ep::redis_queue {

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<RedisConnection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    RedisConnection& operator*() { return *connection_; }
    RedisConnection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<RedisConnection> connection_;
  };

  explicit ConnectionPool(RedisOptions options, std::size_t max_idle = 4);

  Lease acquire();
  const RedisOptions& options() const { return options_; }

 private:
  void give_back(std::unique_ptr<RedisConnection> connection);

  RedisOptions options_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;
};

}  // namespace ep::redis_queue
