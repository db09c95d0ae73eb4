#include "sim/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

namespace ep::sim {
namespace {

using core::invalid_input;

// A YAML scalar/sequence/map as JSON, for the faults block (shared with POST /faults).
nlohmann::json yaml_to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& item : node) out[item.first.as<std::string>()] = yaml_to_json(item.second);
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(yaml_to_json(item));
    return out;
  }
  if (node.IsNull()) return nullptr;
  const std::string text = node.Scalar();
  long long integer = 0;
  double real = 0;
  bool flag = false;
  if (YAML::convert<long long>::decode(node, integer)) return integer;
  if (YAML::convert<double>::decode(node, real)) return real;
  if (YAML::convert<bool>::decode(node, flag)) return flag;
  return text;
}

template <class T>
core::Result<T> read(const YAML::Node& parent, const char* key, T fallback,
                     const std::string& where) {
  const YAML::Node node = parent[key];
  if (!node) return fallback;
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    return invalid_input(where + ": '" + key + "' has the wrong type");
  }
}

core::Result<HoursRule> read_hours(const YAML::Node& node, SessionKind kind, TimePoint now,
                                   const std::string& where, std::string& text_out) {
  if (node.IsMap()) {
    HoursRule rule;
    rule.kind = HoursRule::Kind::kWindow;
    if (node["open_from"]) {
      auto from = parse_relative_time(node["open_from"].as<std::string>(), now);
      if (!from) return invalid_input(where + ": " + from.error().message);
      rule.open_from = *from;
    }
    if (node["open_until"]) {
      auto until = parse_relative_time(node["open_until"].as<std::string>(), now);
      if (!until) return invalid_input(where + ": " + until.error().message);
      rule.open_until = *until;
    }
    text_out = "window";
    return rule;
  }
  if (!node.IsScalar())
    return invalid_input(where + ": hours must be text or {open_from, open_until}");
  text_out = node.Scalar();
  auto rule = parse_hours(text_out, kind, now);
  if (!rule) return invalid_input(where + ": " + rule.error().message);
  return rule;
}

core::Result<MarketDataPermissions> read_permissions(const YAML::Node& node,
                                                     const std::string& where) {
  if (!node.IsSequence())
    return invalid_input(where + ": market_data must be a list of live/frozen/delayed");
  MarketDataPermissions permissions{false, false, false};
  for (const auto& item : node) {
    const std::string kind = item.as<std::string>();
    if (kind == "live") {
      permissions.live = true;
    } else if (kind == "frozen") {
      permissions.frozen = true;
    } else if (kind == "delayed") {
      permissions.delayed = true;
    } else {
      return invalid_input(where + ": unknown market data kind '" + kind + "'");
    }
  }
  return permissions;
}

core::Result<SymbolSpec> read_symbol(const std::string& name, const YAML::Node& node,
                                     const YAML::Node& defaults, TimePoint now) {
  const std::string where = "symbol " + name;
  if (!node.IsMap()) return invalid_input(where + ": must be a map");
  SymbolSpec spec;
  spec.symbol = name;
  // A key is looked up on the symbol first, then in `defaults`.
  auto pick = [&](const char* key) -> YAML::Node {
    if (node[key]) return node[key];
    if (defaults && defaults[key]) return defaults[key];
    return YAML::Node(YAML::NodeType::Undefined);
  };
  auto con_id = read<std::int64_t>(node, "con_id", 0, where);
  auto price = read<double>(node, "price", 0, where);
  if (!con_id) return con_id.error();
  if (!price) return price.error();
  if (*con_id <= 0) return invalid_input(where + ": con_id must be a positive integer");
  if (*price <= 0) return invalid_input(where + ": price must be positive");
  spec.con_id = *con_id;
  spec.price = *price;
  auto bid = read<double>(node, "bid", spec.price - 0.01, where);
  auto ask = read<double>(node, "ask", spec.price + 0.01, where);
  auto close = read<double>(node, "close", spec.price, where);
  auto volume = read<std::int64_t>(node, "volume", spec.volume, where);
  if (!bid || !ask || !close || !volume)
    return invalid_input(where + ": bid, ask, close, volume must be numbers");
  if (*bid <= 0 || *ask < *bid || *close <= 0)
    return invalid_input(where + ": needs 0 < bid <= ask and close > 0");
  spec.bid = *bid;
  spec.ask = *ask;
  spec.close = *close;
  spec.volume = *volume;
  if (auto md = pick("market_data")) {
    auto permissions = read_permissions(md, where);
    if (!permissions) return permissions.error();
    spec.market_data = *permissions;
  }
  for (auto [key, target] :
       {std::pair{"primary_exchange", &spec.primary_exchange},
        std::pair{"long_name", &spec.long_name}, std::pair{"stock_type", &spec.stock_type},
        std::pair{"time_zone", &spec.time_zone}, std::pair{"currency", &spec.currency},
        std::pair{"ticker", &spec.ticker}}) {
    if (auto value = pick(key)) {
      if (!value.IsScalar()) return invalid_input(where + ": '" + key + "' must be text");
      *target = value.Scalar();
    }
  }
  if (spec.long_name.empty()) spec.long_name = name;
  if (auto zone_ok = check_time_zone(spec.time_zone); !zone_ok)
    return invalid_input(where + ": " + zone_ok.error().message);
  YAML::Node both = pick("hours");
  YAML::Node trading = pick("trading_hours");
  YAML::Node liquid = pick("liquid_hours");
  if (node["hours"]) {  // a symbol's own `hours` wins over defaults of either kind
    trading = node["trading_hours"] ? node["trading_hours"] : both;
    liquid = node["liquid_hours"] ? node["liquid_hours"] : both;
  }
  if (!trading) trading = both;
  if (!liquid) liquid = both;
  if (trading) {
    auto rule = read_hours(trading, SessionKind::kTrading, now, where, spec.trading_hours_text);
    if (!rule) return rule.error();
    spec.trading_hours = *rule;
  }
  if (liquid) {
    auto rule = read_hours(liquid, SessionKind::kLiquid, now, where, spec.liquid_hours_text);
    if (!rule) return rule.error();
    spec.liquid_hours = *rule;
  }
  auto min_tick = read<double>(node, "min_tick", 0.01, where);
  if (!min_tick || *min_tick <= 0) return invalid_input(where + ": min_tick must be positive");
  spec.min_tick = *min_tick;
  return spec;
}

core::Result<LatencyProfile> read_latency(const YAML::Node& node) {
  LatencyProfile latency;
  if (!node) return latency;
  const std::string where = "latency";
  for (auto [key, target] : {std::pair{"response_delay_ms", &latency.response_delay_ms},
                             std::pair{"submit_delay_ms", &latency.submit_delay_ms},
                             std::pair{"fill_delay_ms", &latency.fill_delay_ms},
                             std::pair{"partial_fill_chunks", &latency.partial_fill_chunks},
                             std::pair{"fill_interval_ms", &latency.fill_interval_ms}}) {
    auto value = read<int>(node, key, *target, where);
    if (!value) return value.error();
    if (*value < 0 || *value > 600'000)
      return invalid_input(where + ": '" + key + "' out of range");
    *target = *value;
  }
  if (latency.partial_fill_chunks < 1)
    return invalid_input("latency: partial_fill_chunks must be >= 1");
  auto per_share = read<double>(node, "commission_per_share", latency.commission_per_share, where);
  auto minimum = read<double>(node, "commission_min", latency.commission_min, where);
  if (!per_share || !minimum || *per_share < 0 || *minimum < 0) {
    return invalid_input("latency: commissions must be non-negative numbers");
  }
  latency.commission_per_share = *per_share;
  latency.commission_min = *minimum;
  return latency;
}

core::Result<AccountSpec> read_account(const YAML::Node& node, const Scenario& scenario) {
  AccountSpec account;
  auto id = read<std::string>(node, "id", "", "account");
  if (!id || id->empty()) return invalid_input("account: 'id' is required");
  account.id = *id;
  const std::string where = "account " + account.id;
  auto cash = read<double>(node, "cash", 0, where);
  auto type = read<std::string>(node, "account_type", account.account_type, where);
  if (!cash || !type) return invalid_input(where + ": cash must be a number");
  account.cash = *cash;
  account.account_type = *type;
  if (const YAML::Node positions = node["positions"]) {
    if (!positions.IsSequence()) return invalid_input(where + ": positions must be a list");
    for (const auto& item : positions) {
      PositionSpec position;
      auto symbol = read<std::string>(item, "symbol", "", where);
      auto quantity = read<double>(item, "quantity", 0, where);
      auto avg_cost = read<double>(item, "avg_cost", 0, where);
      if (!symbol || !quantity || !avg_cost) return invalid_input(where + ": bad position");
      if (find_symbol(scenario, *symbol) == nullptr) {
        return invalid_input(where + ": position in unknown symbol '" + *symbol + "'");
      }
      position.symbol = *symbol;
      position.quantity = *quantity;
      position.avg_cost = *avg_cost;
      account.positions.push_back(position);
    }
  }
  return account;
}

}  // namespace

core::Result<Scenario> parse_scenario(std::string_view yaml_text, TimePoint now) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return invalid_input(std::string("scenario is not valid YAML: ") + e.what());
  }
  if (!root.IsMap()) return invalid_input("scenario must be a YAML map");
  Scenario scenario;
  try {
    const YAML::Node symbols = root["symbols"];
    if (!symbols || !symbols.IsMap() || symbols.size() == 0)
      return invalid_input("scenario needs a 'symbols' map");
    std::set<std::int64_t> con_ids;
    for (const auto& item : symbols) {
      auto spec = read_symbol(item.first.as<std::string>(), item.second, root["defaults"], now);
      if (!spec) return spec.error();
      if (!con_ids.insert(spec->con_id).second)
        return invalid_input("symbol " + spec->symbol + ": duplicate con_id");
      scenario.symbols[spec->symbol] = *spec;
    }
    const YAML::Node accounts = root["accounts"];
    if (!accounts || !accounts.IsSequence() || accounts.size() == 0)
      return invalid_input("scenario needs an 'accounts' list");
    std::set<std::string> ids;
    for (const auto& item : accounts) {
      auto account = read_account(item, scenario);
      if (!account) return account.error();
      if (!ids.insert(account->id).second)
        return invalid_input("account " + account->id + " appears twice");
      scenario.accounts.push_back(*account);
    }
    auto latency = read_latency(root["latency"]);
    if (!latency) return latency.error();
    scenario.latency = *latency;
    auto ledger = read<std::string>(root, "ledger", "", "scenario");
    auto first_id = read<int>(root, "first_order_id", 1, "scenario");
    if (!ledger || !first_id || *first_id < 1)
      return invalid_input("scenario: bad 'ledger' or 'first_order_id'");
    scenario.ledger_path = *ledger;
    scenario.first_order_id = *first_id;
    if (const YAML::Node faults = root["faults"]) {
      auto plan = merge_faults(scenario.faults, yaml_to_json(faults));
      if (!plan) return invalid_input("scenario faults: " + plan.error().message);
      scenario.faults = *plan;
    }
  } catch (const YAML::Exception& e) {
    return invalid_input(std::string("scenario: ") + e.what());
  }
  return scenario;
}

core::Result<Scenario> load_scenario_file(const std::string& path, TimePoint now) {
  std::ifstream in(path);
  if (!in) return invalid_input("cannot read scenario file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  auto scenario = parse_scenario(text.str(), now);
  if (!scenario) return invalid_input(path + ": " + scenario.error().message);
  return scenario;
}

const SymbolSpec* find_symbol(const Scenario& scenario, std::string_view symbol) {
  auto it = scenario.symbols.find(std::string(symbol));
  return it == scenario.symbols.end() ? nullptr : &it->second;
}

const SymbolSpec* find_symbol_by_con_id(const Scenario& scenario, std::int64_t con_id) {
  for (const auto& [name, spec] : scenario.symbols) {
    if (spec.con_id == con_id) return &spec;
  }
  return nullptr;
}

}  // namespace ep::sim
