#include "app/enqueue_command.hpp"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/cli_config.hpp"
#include "app/wiring.hpp"
#include "core/commands.hpp"
#include "core/control_characters.hpp"
#include "redis_queue/event_json.hpp"
#include "redis_queue/redis_queue_inspector.hpp"

namespace ep::app {

core::Result<std::string> enqueue_data_json(const EnqueueRequest& request,
                                            const std::string& event_data_id) {
  if (request.account_id.empty() || core::has_control_character(request.account_id)) {
    return core::invalid_input("--account must be a non-empty account id");
  }
  const auto command = core::find_command(request.exec);
  if (!command) {
    return core::invalid_input("--exec '" + request.exec +
                               "' is not a command; valid commands: " + core::command_names());
  }
  if (request.strategy &&
      (request.strategy->empty() || core::has_control_character(*request.strategy))) {
    return core::invalid_input("--strategy must be a non-empty strategy name");
  }
  if (command->needs_account_config && !request.strategy) {
    return core::invalid_input("--strategy is required for " + request.exec +
                               " (the strategy whose allocations the account follows)");
  }
  if (!std::isfinite(request.reserve_percent) || request.reserve_percent < 0 ||
      request.reserve_percent > 100) {
    return core::invalid_input("--reserve must be a percentage between 0 and 100");
  }
  // The broker's key order: exec, eventId, account_config.
  nlohmann::ordered_json account = nlohmann::ordered_json::object();
  account["account_id"] = request.account_id;
  if (request.strategy) account["notification_channel"] = *request.strategy;
  account["cash_reserve_percentage"] = request.reserve_percent;
  nlohmann::ordered_json data = nlohmann::ordered_json::object();
  data["exec"] = request.exec;
  data["eventId"] = event_data_id;
  data["account_config"] = std::move(account);
  try {
    return data.dump();
  } catch (const std::exception&) {  // invalid UTF-8
    return core::invalid_input("--account and --strategy must be UTF-8 text");
  }
}

int run_enqueue_command(const std::string& config_path, const EnqueueRequest& request,
                        std::ostream& out, std::ostream& err) {
  auto data = enqueue_data_json(request, redis_queue::make_uuid4());
  if (!data) {
    err << "event-processor enqueue: " << data.error().message << "\n";
    return 2;
  }
  const auto config = load_cli_config(config_path, ConfigNeeds::kRedisOnly, err);
  if (!config) return 2;
  redis_queue::RedisQueueInspector inspector(redis_options(*config), 1);
  auto result =
      inspector.enqueue(request.account_id, request.exec, *data, std::chrono::system_clock::now());
  if (!result) {
    err << "event-processor enqueue: " << result.error().message << "\n";
    return result.error().kind == core::ErrorKind::kInvalidInput ? 2 : 1;
  }
  if (result->status == core::EnqueueStatus::kDuplicate) {
    err << "event-processor enqueue: duplicate: an event " << request.account_id << ":"
        << request.exec << " is already queued or running (active_events_set); nothing enqueued\n";
    return 1;
  }
  out << result->event_id << "\n";
  return 0;
}

}  // namespace ep::app
