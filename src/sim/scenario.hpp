// The ibsim scenario: accounts (DU..., cash, positions with average cost), symbols (conId,
// prices, permitted market data kinds, hours, time zone), the latency profile, the ledger path
// and faults, read from a YAML file (see examples/ibsim/example.yaml for every key). Relative
// hours ("now+5s") are resolved against the `now` given to the loader. Plain values; loading is
// pure apart from reading the file; any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sim/faults.hpp"
#include "sim/hours.hpp"

namespace ep::sim {

struct PositionSpec {
  std::string symbol;
  double quantity = 0;
  double avg_cost = 0;  // per share, commission included, as IB reports it
};

struct AccountSpec {
  std::string id;  // e.g. DU1234567
  double cash = 0;
  std::string account_type = "INDIVIDUAL";
  std::vector<PositionSpec> positions;
};

struct MarketDataPermissions {
  bool live = true;
  bool frozen = true;
  bool delayed = true;
};

struct SymbolSpec {
  std::string symbol;
  std::int64_t con_id = 0;
  double price = 0;  // last
  double bid = 0;
  double ask = 0;
  double close = 0;  // previous close
  std::int64_t volume = 1'000'000;
  MarketDataPermissions market_data;
  std::string primary_exchange = "ARCA";
  std::string long_name;
  std::string stock_type = "ETF";
  std::string time_zone = "America/New_York";
  std::string trading_hours_text = "always";
  std::string liquid_hours_text = "always";
  HoursRule trading_hours;
  HoursRule liquid_hours;
  double min_tick = 0.01;
  // Another listing of a ticker (e.g. SPY in CAD under the key SPY_CAD): sent on the wire as
  // `ticker` in `currency`. ibsim trades USD listings only; others can only be held.
  std::string currency = "USD";
  std::string ticker;  // empty: the key
  const std::string& wire_symbol() const { return ticker.empty() ? symbol : ticker; }
};

struct LatencyProfile {
  int response_delay_ms = 0;    // before every answer to a request
  int submit_delay_ms = 20;     // PreSubmitted -> Submitted
  int fill_delay_ms = 50;       // Submitted -> first fill
  int partial_fill_chunks = 1;  // fills per order (whole shares, the last takes the rest)
  int fill_interval_ms = 20;    // between two partial fills
  double commission_per_share = 0.005;
  double commission_min = 1.0;  // per order, charged with its first fill
};

struct Scenario {
  std::vector<AccountSpec> accounts;          // in file order; the first is the default
  std::map<std::string, SymbolSpec> symbols;  // by symbol
  LatencyProfile latency;
  std::string ledger_path;  // empty = no ledger file
  FaultPlan faults;
  int first_order_id = 1;  // nextValidId for a client id never seen
};

core::Result<Scenario> parse_scenario(std::string_view yaml_text, TimePoint now);
core::Result<Scenario> load_scenario_file(const std::string& path, TimePoint now);

const SymbolSpec* find_symbol(const Scenario& scenario, std::string_view symbol);
const SymbolSpec* find_symbol_by_con_id(const Scenario& scenario, std::int64_t con_id);

}  // namespace ep::sim
