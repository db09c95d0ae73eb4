#include "sim/request_counters.hpp"

namespace ep::sim {

void RequestCounters::count_request(int client_id, std::string_view request_name) {
  ++received_[client_id];
  auto& by_name = received_by_name_[client_id];
  if (auto it = by_name.find(request_name); it != by_name.end()) {
    ++it->second;
  } else {
    by_name.emplace(std::string(request_name), 1);
  }
}

void RequestCounters::add_to(nlohmann::json& state) const {
  nlohmann::json received = nlohmann::json::object();
  for (const auto& [client_id, count] : received_) received[std::to_string(client_id)] = count;
  state["messages_received"] = received;
  nlohmann::json by_name = nlohmann::json::object();
  for (const auto& [client_id, counts] : received_by_name_) {
    auto& row = by_name[std::to_string(client_id)] = nlohmann::json::object();
    for (const auto& [name, count] : counts) row[name] = count;
  }
  state["messages_received_by_type"] = by_name;
  state["pacing_errors_sent"] = pacing_errors_sent_;
}

}  // namespace ep::sim
