#include "redis_queue/event_json.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <random>

#include "core/broker.hpp"
#include "core/iso_time.hpp"
#include "core/json_limits.hpp"
#include "redis_queue/json_text_patch.hpp"

namespace ep::redis_queue {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

std::string string_member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// times_queued as the original reads it: an integer, 1 when absent or of another type.
std::int64_t times_queued_of(const Json& object) {
  const auto it = object.find("times_queued");
  if (it == object.end()) return 1;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (value >= 0 && value < 1e15) return static_cast<std::int64_t>(value);
  }
  return 1;
}

// A JSON string literal; invalid UTF-8 (an error text may quote anything) is replaced, not thrown.
std::string json_string(std::string_view text) {
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The processor's own result JSON: its size is whatever the account holds; only depth matters.
constexpr core::JsonLimits kResultLimits{64, static_cast<std::size_t>(-1)};

}  // namespace

EventFields parse_event_fields(std::string_view payload) {
  EventFields fields;
  // Only the top two levels are kept (every field read here lives there): deeper values are
  // dropped while parsing, so an event nested 60,000 deep still yields its ids and dedup key
  // without a deep tree (nlohmann's parser is iterative; copying and printing a tree recurse).
  // Beyond the bound of our records, Redis's own decoder reads the dedup key (kRecordOutcome).
  if (payload.size() > core::kRecordJsonLimits.max_bytes) return fields;
  const Json event = Json::parse(
      payload, [](int depth, Json::parse_event_t, Json&) { return depth <= 2; },
      /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) return fields;
  fields.valid = true;
  fields.event_id = string_member(event, "event_id");
  fields.account_id = string_member(event, "account_id");
  fields.times_queued = times_queued_of(event);
  fields.created_at = string_member(event, "created_at");
  fields.last_error = string_member(event, "last_error");
  const auto account = event.find("account_id");
  if (const auto data = event.find("data"); data != event.end() && data->is_object()) {
    fields.exec = string_member(*data, "exec");
    const auto exec = data->find("exec");
    fields.has_dedup_parts =
        account != event.end() && account->is_string() && exec != data->end() && exec->is_string();
  }
  return fields;
}

std::optional<std::string> dedup_key(const EventFields& fields) {
  if (!fields.has_dedup_parts) return std::nullopt;
  return fields.account_id + ":" + fields.exec;
}

std::optional<std::string> payload_for_retry(std::string_view payload, std::string_view error,
                                             core::Timestamp at) {
  const EventFields fields = parse_event_fields(payload);
  if (!fields.valid) return std::nullopt;
  return set_top_level_members(payload,
                               {{"times_queued", std::to_string(fields.times_queued + 1)},
                                {"last_error", json_string(error)},
                                {"last_error_at", json_string(core::format_iso_time(at))}});
}

std::optional<std::string> payload_with_error(std::string_view payload, std::string_view error,
                                              core::Timestamp at) {
  return set_top_level_members(payload,
                               {{"last_error", json_string(error)},
                                {"last_error_at", json_string(core::format_iso_time(at))}});
}

NewEvent make_new_event(std::string_view account_id, std::string_view exec,
                        std::string_view data_json, core::Timestamp now) {
  NewEvent out;
  if (auto refused = core::check_json_limits(data_json, core::kEventJsonLimits)) {
    out.error = "data refused: " + *refused;
    return out;
  }
  OrderedJson data =
      data_json.empty() ? OrderedJson::object() : OrderedJson::parse(data_json, nullptr, false);
  if (data.is_discarded() || !data.is_object()) {
    out.error = "data must be a JSON object";
    return out;
  }
  try {
    data["exec"] = std::string(exec);
    out.event_id = make_uuid4();
    OrderedJson event = OrderedJson::object();
    event["event_id"] = out.event_id;
    event["account_id"] = std::string(account_id);
    event["data"] = std::move(data);
    event["times_queued"] = 1;
    event["created_at"] = core::format_iso_time(now);
    event["status"] = "pending";
    out.payload = event.dump();
  } catch (const std::exception& e) {  // invalid UTF-8 in the account or command
    out.error = std::string("cannot encode the event: ") + e.what();
  }
  return out;
}

std::string make_uuid4() {
  std::random_device source;
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t word = source();
    for (std::size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

std::string dead_letter_record(std::string_view payload, std::string_view reason,
                               core::Timestamp failed_at, std::string_view event_id,
                               std::string_view account_id) {
  OrderedJson record = OrderedJson::object();
  record["event"] = std::string(payload);
  record["reason"] = std::string(reason);
  record["failed_at"] = core::format_iso_time(failed_at);
  record["event_id"] = std::string(event_id);
  record["account_id"] = std::string(account_id);
  // Invalid UTF-8 (a malformed payload may hold anything) is replaced, never a throw.
  return record.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string outcome_record_json(const core::OutcomeRecord& outcome, core::OutcomeStatus status) {
  OrderedJson record = OrderedJson::object();
  record["event_id"] = outcome.event_id;
  record["account_id"] = outcome.account_id;
  record["command"] = outcome.command;
  record["status"] = std::string(core::to_string(status));
  record["error"] = outcome.error;
  if (outcome.result.empty()) {
    record["result"] = nullptr;
  } else if (auto refused = core::check_json_limits(outcome.result, kResultLimits)) {
    record["result"] = "<result not kept: " + *refused + ">";  // the dump would recurse
  } else {
    OrderedJson result = OrderedJson::parse(outcome.result, nullptr, false);
    record["result"] = result.is_discarded() ? OrderedJson(outcome.result) : std::move(result);
  }
  OrderedJson orders = OrderedJson::array();
  for (const auto& order : outcome.orders) {
    OrderedJson fills = OrderedJson::array();
    for (const auto& fill : order.fills) {
      fills.push_back({{"exec_id", fill.exec_id},
                       {"shares", fill.shares},
                       {"price", fill.price},
                       {"commission", fill.commission},
                       {"time", fill.time}});
    }
    orders.push_back({{"symbol", order.request.symbol},
                      {"side", std::string(core::to_string(order.request.side))},
                      {"quantity", order.request.quantity},
                      {"order_id", order.order_id},
                      {"order_ref", order.request.order_ref},
                      {"state", std::string(core::to_string(order.state))},
                      {"filled", order.filled},
                      {"average_price", order.average_price},
                      {"commission", order.commission},
                      {"fills", std::move(fills)},
                      {"error", order.error}});
    auto& added = orders.back();
    added["order_type"] = std::string(core::to_string(order.request.order_type));
    if (order.request.order_type == core::OrderType::kLimit) {
      added["limit_price"] = order.request.limit_price;
    }
    if (order.planned_quote) {
      const auto& quote = *order.planned_quote;
      added["quote"] = {{"bid", quote.bid},
                        {"ask", quote.ask},
                        {"last", quote.last},
                        {"price", quote.price},
                        {"source", std::string(core::to_string(quote.source))},
                        {"age_ms", quote.age_ms}};
    }
    if (order.slippage) {
      // Basis points to a hundredth, dollars to the cent: README, "Slippage".
      auto hundredths = [](double value) { return std::round(value * 100.0) / 100.0; };
      const auto& slip = *order.slippage;
      added["slippage"] = {
          {"reference", slip.reference},
          {"vs_quote_bp", hundredths(slip.vs_quote_bp)},
          {"vs_last_bp",
           slip.vs_last_bp ? OrderedJson(hundredths(*slip.vs_last_bp)) : OrderedJson(nullptr)},
          {"cost", hundredths(slip.cost)}};
    }
  }
  record["orders"] = std::move(orders);
  OrderedJson phases = OrderedJson::object();
  for (const auto& [name, ms] : outcome.phase_ms) phases[name] = ms;
  record["phases"] = std::move(phases);
  record["finished_at"] = core::format_iso_time(outcome.finished_at);
  return record.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace ep::redis_queue
