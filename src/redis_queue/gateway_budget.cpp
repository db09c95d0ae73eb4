#include "redis_queue/gateway_budget.hpp"

#include <algorithm>

#include "redis_queue/gateway_budget_script.hpp"
#include "redis_queue/keys.hpp"

namespace ep::redis_queue {

std::string message_slots_key(const std::string& gateway) {
  return std::string(keys::kMessageSlotsPrefix).append(gateway);
}

std::string message_sharers_key(const std::string& gateway) {
  return std::string(keys::kMessageSharersPrefix).append(gateway);
}

GatewayMessageBudget::GatewayMessageBudget(RedisOptions options, GatewayBudgetSettings settings)
    : connection_(std::move(options)), settings_(std::move(settings)) {}

core::Result<core::MessageGrant> GatewayMessageBudget::take(int wanted) {
  std::lock_guard lock(mu_);
  ++calls_;
  auto reply = connection_.eval(
      scripts::kTakeMessageSlots,
      {message_slots_key(settings_.gateway), message_sharers_key(settings_.gateway)},
      {std::to_string(settings_.messages_per_second), std::to_string(settings_.window.count()),
       std::to_string(std::max(wanted, 1)), settings_.client,
       std::to_string(settings_.sharer_ttl.count())});
  if (!reply) return reply.error();
  const auto& items = reply->elements;
  if (reply->type != RedisReply::Type::kArray || items.size() != 3) {
    return core::internal_error("message budget: unexpected reply from the slot script");
  }
  core::MessageGrant grant;
  grant.granted = static_cast<int>(items[0].integer);
  grant.retry_after = std::chrono::microseconds{items[1].integer};
  grant.sharers = static_cast<int>(std::max<std::int64_t>(items[2].integer, 1));
  return grant;
}

std::string GatewayMessageBudget::describe() const {
  return "gateway " + settings_.gateway;
}

std::int64_t GatewayMessageBudget::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

}  // namespace ep::redis_queue
