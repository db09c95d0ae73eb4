// GET /events/history filters: which outcome records of rebalance_history (README "Redis keys")
// a client asked for. Parsing throws HttpError 422 naming the bad parameter, like the other
// query parameters (request_parsing.hpp); matching is pure. Any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ep::monitor_http {

struct HistoryFilter {
  std::optional<std::string> event_id;
  std::optional<std::string> account_id;
  std::optional<std::string> status;  // done, retry, market_closed, dead_letter
};

// event_id and account_id: 1..128 characters of [A-Za-z0-9._:-]; status: one of the outcome
// statuses. Absent parameters do not filter.
HistoryFilter parse_history_filter(const std::optional<std::string>& event_id,
                                   const std::optional<std::string>& account_id,
                                   const std::optional<std::string>& status);

// True when the outcome record (a JSON object of rebalance_history) passes every filter.
bool history_matches(const nlohmann::json& record, const HistoryFilter& filter);

// A record as the API answers it: an order of a record written before the one key set (the
// capped history keeps up to 1000 records across an upgrade) names its side "action" and its
// average price "avg_price"; they are renamed to "side" and "average_price", the keys of the
// result's orders, so clients read one key set. Anything else is left as it is.
void upgrade_history_record(nlohmann::json& record);

}  // namespace ep::monitor_http
