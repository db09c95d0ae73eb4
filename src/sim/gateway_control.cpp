#include "sim/gateway_control.hpp"

#include <optional>
#include <vector>

namespace ep::sim {
namespace {

constexpr const char* kLost = "Connectivity between IB and Trader Workstation has been lost.";
constexpr const char* kRestoredLost =
    "Connectivity between IB and Trader Workstation has been restored - data lost.";
constexpr const char* kRestoredKept =
    "Connectivity between IB and Trader Workstation has been restored - data maintained.";

struct PriceMove {
  std::string symbol;
  double price = 0;
  std::optional<double> bid, ask, close;
};

// One of a move's {price, bid, ask, close}: absent, or a positive number.
core::Result<std::optional<double>> positive_field(const nlohmann::json& value,
                                                   const std::string& symbol, const char* key) {
  if (!value.contains(key)) return std::optional<double>{};
  if (!value[key].is_number() || value[key].get<double>() <= 0)
    return core::invalid_input(symbol + "." + key + " must be a positive number");
  return std::optional<double>{value[key].get<double>()};
}

core::Result<PriceMove> parse_price_move(const std::string& symbol, const nlohmann::json& value) {
  PriceMove move{symbol, 0, std::nullopt, std::nullopt, std::nullopt};
  if (value.is_number()) {
    move.price = value.get<double>();
  } else if (value.is_object()) {
    auto price = positive_field(value, symbol, "price");
    if (!price) return price.error();
    auto bid = positive_field(value, symbol, "bid");
    if (!bid) return bid.error();
    auto ask = positive_field(value, symbol, "ask");
    if (!ask) return ask.error();
    auto close = positive_field(value, symbol, "close");
    if (!close) return close.error();
    if (!*price) return core::invalid_input(symbol + ".price is required");
    move = PriceMove{symbol, **price, *bid, *ask, *close};
  } else {
    return core::invalid_input(symbol + " must be a price or {price, bid, ask, close}");
  }
  if (move.price <= 0) return core::invalid_input(symbol + " price must be positive");
  return move;
}

}  // namespace

GatewayControl::GatewayControl(Scenario initial_scenario, std::string scenario_path,
                               PaperBroker& broker, Ledger& ledger, ActiveFaults& faults,
                               ClientRegistry& clients, const RequestCounters& counters,
                               AccountSubscriptions& accounts, MarketDataSubscriptions& market_data,
                               OrderLifecycle& orders, Scheduler& scheduler)
    : initial_scenario_(std::move(initial_scenario)),
      scenario_path_(std::move(scenario_path)),
      broker_(broker),
      ledger_(ledger),
      faults_(faults),
      clients_(clients),
      counters_(counters),
      accounts_(accounts),
      market_data_(market_data),
      orders_(orders),
      scheduler_(scheduler) {}

nlohmann::json GatewayControl::state() const {
  nlohmann::json out = state_json(broker_);
  nlohmann::json clients = nlohmann::json::array();
  for (int client_id : clients_.client_ids()) clients.push_back(client_id);
  out["clients"] = clients;
  counters_.add_to(out);
  out["faults"] = faults_.json();
  return out;
}

nlohmann::json GatewayControl::ledger_json() const {
  return {{"path", ledger_.path()}, {"lines", ledger_.lines()}};
}

core::Result<nlohmann::json> GatewayControl::apply_faults(const nlohmann::json& json) {
  auto immediate = faults_.merge(json);
  if (!immediate) return immediate.error();
  if (immediate->restart) clients_.close_all("fault: gateway restart");
  if (immediate->connectivity_lost_ms)
    lose_connectivity(*immediate->connectivity_lost_ms, immediate->restore_code);
  return faults_.json();
}

void GatewayControl::lose_connectivity(int lost_ms, int restore_code) {
  for (const auto& session : clients_.live()) session->send_error(-1, 1100, kLost);
  scheduler_.after(lost_ms, [this, restore_code] {
    for (const auto& session : clients_.live())
      session->send_error(-1, restore_code, restore_code == 1101 ? kRestoredLost : kRestoredKept);
  });
}

core::Result<void> GatewayControl::reset() {
  Scenario scenario = initial_scenario_;
  if (!scenario_path_.empty()) {
    auto reloaded = load_scenario_file(scenario_path_, scheduler_.now());
    if (!reloaded) return reloaded.error();
    scenario = *reloaded;
  }
  broker_.reset(scenario);
  faults_.replace(scenario.faults);
  orders_.abandon_running_timers();
  ledger_.record_reset();
  accounts_.push_all_accounts();
  return core::success();
}

core::Result<void> GatewayControl::move_prices(const nlohmann::json& json) {
  if (!json.is_object() || json.empty())
    return core::invalid_input("prices must be an object like {\"SPY\": 501.5}");
  std::vector<PriceMove> moves;
  for (const auto& item : json.items()) {
    if (broker_.symbol(item.key()) == nullptr)
      return core::invalid_input("unknown symbol '" + item.key() + "'");
    auto move = parse_price_move(item.key(), item.value());
    if (!move) return move.error();
    moves.push_back(*move);
  }
  for (const auto& move : moves) {
    broker_.set_prices(move.symbol, move.price, move.bid, move.ask, move.close);
    market_data_.push_prices(move.symbol);
  }
  orders_.retry_resting_orders();
  return core::success();
}

}  // namespace ep::sim
