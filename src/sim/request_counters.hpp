// What the clients sent ibsim since it started: the requests per client id (-1 for those
// before startApi) and per request name, and the error 100s (pacing) sent back. GET /state
// shows them so a benchmark can count the messages one rebalance costs. POST /reset does not
// clear them: they describe the traffic, not the scenario.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ep::sim {

class RequestCounters {
 public:
  void count_request(int client_id, std::string_view request_name);
  void count_pacing_error() { ++pacing_errors_sent_; }

  // Adds "messages_received", "messages_received_by_type" and "pacing_errors_sent" to `state`.
  void add_to(nlohmann::json& state) const;

 private:
  std::map<int, std::uint64_t> received_;
  std::map<int, std::map<std::string, std::uint64_t, std::less<>>> received_by_name_;
  std::uint64_t pacing_errors_sent_ = 0;
};

}  // namespace ep::sim
