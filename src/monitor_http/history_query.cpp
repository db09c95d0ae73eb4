#include "monitor_http/history_query.hpp"

#include <algorithm>
#include <string_view>

#include "core/event_queue.hpp"
#include "monitor_http/http_error.hpp"
#include "monitor_http/request_parsing.hpp"

namespace ep::monitor_http {
namespace {

std::optional<std::string> checked_id(const std::optional<std::string>& text, const char* name) {
  if (!text) return std::nullopt;
  const bool valid = !text->empty() && text->size() <= kMaxEventIdLength &&
                     std::all_of(text->begin(), text->end(), [](char c) {
                       return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
                              c == '-';
                     });
  if (!valid) {
    throw HttpError(422, std::string(name) + " must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
  }
  return text;
}

bool field_is(const nlohmann::json& record, const char* name, const std::string& value) {
  const auto it = record.find(name);
  return it != record.end() && it->is_string() && it->get_ref<const std::string&>() == value;
}

}  // namespace

HistoryFilter parse_history_filter(const std::optional<std::string>& event_id,
                                   const std::optional<std::string>& account_id,
                                   const std::optional<std::string>& status) {
  HistoryFilter filter;
  filter.event_id = checked_id(event_id, "event_id");
  filter.account_id = checked_id(account_id, "account_id");
  if (status) {
    if (!core::parse_outcome_status(*status)) {
      throw HttpError(422, "status must be one of done, retry, market_closed, dead_letter");
    }
    filter.status = status;
  }
  return filter;
}

bool history_matches(const nlohmann::json& record, const HistoryFilter& filter) {
  if (!record.is_object()) return false;
  if (filter.event_id && !field_is(record, "event_id", *filter.event_id)) return false;
  if (filter.account_id && !field_is(record, "account_id", *filter.account_id)) return false;
  if (filter.status && !field_is(record, "status", *filter.status)) return false;
  return true;
}

void upgrade_history_record(nlohmann::json& record) {
  if (!record.is_object()) return;
  const auto orders = record.find("orders");
  if (orders == record.end() || !orders->is_array()) return;
  const auto rename = [](nlohmann::json& order, const char* old_name, const char* name) {
    const auto old_value = order.find(old_name);
    if (old_value == order.end()) return;
    if (!order.contains(name)) order[name] = std::move(*old_value);
    order.erase(old_name);
  };
  for (auto& order : *orders) {
    if (!order.is_object()) continue;
    rename(order, "action", "side");
    rename(order, "avg_price", "average_price");
  }
}

}  // namespace ep::monitor_http
