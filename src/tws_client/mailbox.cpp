#include "tws_client/mailbox.hpp"

#include <utility>

namespace ep::tws_client {

void Mailbox::post(tws::Incoming message) {
  if (sink_) return sink_(Delivery(std::move(message)));
  {
    std::lock_guard lock(mu_);
    queue_.emplace_back(std::move(message));
  }
  cv_.notify_one();
}

void Mailbox::post_lost(core::Error error) {
  if (sink_) return sink_(Delivery(ConnectionLost{std::move(error)}));
  {
    std::lock_guard lock(mu_);
    queue_.emplace_back(ConnectionLost{std::move(error)});
  }
  cv_.notify_one();
}

std::optional<Delivery> Mailbox::take(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_until(lock, deadline, [&] { return !queue_.empty(); })) return std::nullopt;
  Delivery next = std::move(queue_.front());
  queue_.pop_front();
  return next;
}

}  // namespace ep::tws_client
