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

}  // namespace ep::monitor_http
