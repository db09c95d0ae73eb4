#include "processor/event.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/control_characters.hpp"
#include "core/json_limits.hpp"

namespace ep::processor {

namespace {

using nlohmann::json;

// A non-empty string without control characters.
core::Result<std::string> required_string(const json& object, const char* key,
                                          std::string_view where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return core::invalid_input(fmt::format("{}{} is missing", where, key));
  }
  if (!it->is_string()) {
    return core::invalid_input(
        fmt::format("{}{} must be a string, got {}", where, key, it->type_name()));
  }
  auto value = it->get<std::string>();
  if (value.empty()) return core::invalid_input(fmt::format("{}{} is empty", where, key));
  // Ids end up in order references (NUL-separated TWS fields), Redis keys and log lines.
  if (core::has_control_character(value)) {
    return core::invalid_input(fmt::format("{}{} has control characters", where, key));
  }
  return value;
}

core::Result<double> reserve_percent(const json& config) {
  // Newer payloads say cash_reserve_percentage, older ones equity_reserve_percentage.
  const char* key = config.contains("cash_reserve_percentage") ? "cash_reserve_percentage"
                                                               : "equity_reserve_percentage";
  const auto it = config.find(key);
  if (it == config.end() || it->is_null()) return 1.0;
  if (!it->is_number()) {
    return core::invalid_input(
        fmt::format("data.account_config.{} must be a number, got {}", key, it->type_name()));
  }
  const double value = it->get<double>();
  if (!std::isfinite(value) || value < 0 || value > 100) {
    return core::invalid_input(fmt::format(
        "data.account_config.{} must be between 0 and 100 (percent), got {}", key, value));
  }
  return value;
}

core::Result<core::AccountConfig> parse_account_config(const json& data, std::string_view command) {
  const auto it = data.find("account_config");
  if (it == data.end() || it->is_null()) {
    return core::invalid_input(
        fmt::format("data.account_config is required for {} and is missing", command));
  }
  if (!it->is_object()) {
    return core::invalid_input(
        fmt::format("data.account_config must be an object, got {}", it->type_name()));
  }
  core::AccountConfig config;
  auto account = required_string(*it, "account_id", "data.account_config.");
  if (!account) return account.error();
  config.account_id = std::move(account.value());
  auto strategy = required_string(*it, "notification_channel", "data.account_config.");
  if (!strategy) return strategy.error();
  config.strategy = std::move(strategy.value());
  auto reserve = reserve_percent(*it);
  if (!reserve) return reserve.error();
  config.cash_reserve_percent = reserve.value();
  return config;
}

core::Result<std::int64_t> times_queued(const json& event) {
  const auto it = event.find("times_queued");
  if (it == event.end() || it->is_null()) return std::int64_t{0};
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
    return core::invalid_input(
        fmt::format("times_queued must be a non-negative integer, got {}", it->dump()));
  }
  return it->get<std::int64_t>();
}

}  // namespace

core::Result<Event> parse_event(std::string_view payload) {
  // Before any tree is built: a deep text would overflow the stack of whatever recurses over it.
  if (auto refused = core::check_json_limits(payload, core::kEventJsonLimits)) {
    return core::invalid_input("event refused: " + *refused);
  }
  json document;
  try {
    document = json::parse(payload);
  } catch (const json::exception& error) {
    // A syntax error (parse_error) or a number too large for a double (out_of_range 406).
    // The library's words name the line and column; its "last read" excerpt is event text.
    return core::invalid_input(fmt::format("event is not valid JSON: {}", error.what()));
  }
  if (!document.is_object()) {
    return core::invalid_input(
        fmt::format("event must be a JSON object, got {}", document.type_name()));
  }
  Event event;
  auto id = required_string(document, "event_id", "");
  if (!id) return id.error();
  event.event_id = std::move(id.value());
  auto account = required_string(document, "account_id", "");
  if (!account) return account.error();
  event.account_id = std::move(account.value());

  const auto data = document.find("data");
  if (data == document.end() || data->is_null()) return core::invalid_input("data is missing");
  if (!data->is_object()) {
    return core::invalid_input(fmt::format("data must be an object, got {}", data->type_name()));
  }
  auto command = required_string(*data, "exec", "data.");
  if (!command) return command.error();
  event.command = std::move(command.value());
  const auto command_row = core::find_command(event.command);
  if (!command_row) {
    return core::invalid_input(fmt::format("unknown command '{}' in data.exec (known: {})",
                                           event.command, core::command_names()));
  }
  event.kind = command_row->kind;
  if (command_row->needs_account_config) {
    auto config = parse_account_config(*data, event.command);
    if (!config) return config.error();
    event.account_config = std::move(config.value());
  }
  auto queued = times_queued(document);
  if (!queued) return queued.error();
  event.times_queued = queued.value();
  const auto created = document.find("created_at");
  if (created != document.end() && created->is_string()) {
    event.created_at = created->get<std::string>();
  }
  return event;
}

EventIds peek_ids(std::string_view payload) {
  EventIds ids;
  // Only the top two levels are kept (the ids live there): deeper values are dropped while
  // parsing, so the tree stays shallow whatever the depth of the text. nlohmann's parser itself
  // is iterative; copying and printing a deep tree are what recurse. An event over the event
  // limit still gets its ids, up to the bound of the records that hold it.
  if (payload.size() > core::kRecordJsonLimits.max_bytes) return ids;
  const json document = json::parse(
      payload, [](int depth, json::parse_event_t, json&) { return depth <= 2; }, false);
  if (!document.is_object()) return ids;
  auto text = [](const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
  };
  ids.event_id = text(document, "event_id");
  ids.account_id = text(document, "account_id");
  const auto data = document.find("data");
  if (data != document.end() && data->is_object()) ids.command = text(*data, "exec");
  return ids;
}

}  // namespace ep::processor
