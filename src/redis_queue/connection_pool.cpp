#include "redis_queue/connection_pool.hpp"

#include <utility>

namespace ep::redis_queue {

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && connection_) pool_->give_back(std::move(connection_));
}

ConnectionPool::ConnectionPool(RedisOptions options, std::size_t max_idle)
    : options_(std::move(options)), max_idle_(max_idle) {}

ConnectionPool::Lease ConnectionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  return Lease(*this, std::make_unique<RedisConnection>(options_));
}

void ConnectionPool::give_back(std::unique_ptr<RedisConnection> connection) {
  // A connection that lost its socket is not worth keeping: a fresh one reconnects anyway.
  if (!connection->connected()) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

}  // namespace ep::redis_queue
