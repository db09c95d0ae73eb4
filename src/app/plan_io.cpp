#include "app/plan_io.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_limits.hpp"

namespace ep::app {
namespace {

using core::invalid_input;
using nlohmann::json;

// Money on the wire is rounded to cents: 18 x 450.12 prints 8102.16, not 8102.160000000001.
double cents(double value) {
  return std::round(value * 100.0) / 100.0;
}

// nlohmann's message names its internals; keep the part a user can act on.
std::string syntax_problem(const nlohmann::json::exception& e) {
  const std::string what = e.what();
  if (what.find("number overflow") != std::string::npos) return "number overflow";
  if (what.find("unexpected end of input") != std::string::npos) return "unexpected end of input";
  return "syntax error";
}

struct Reader {
  std::string error;

  const json* field(const json& object, const char* name, const std::string& where,
                    bool required = true) {
    auto it = object.find(name);
    if (it == object.end()) {
      if (required && error.empty()) error = fmt::format("{}{}: missing", where, name);
      return nullptr;
    }
    return &*it;
  }

  bool number(const json& object, const char* name, const std::string& where, double& out,
              bool required = true) {
    const json* value = field(object, name, where, required);
    if (!value) return false;
    if (!value->is_number()) return fail(fmt::format("{}{}: must be a number", where, name));
    out = value->get<double>();
    if (!std::isfinite(out)) return fail(fmt::format("{}{}: must be a finite number", where, name));
    return true;
  }

  bool symbol(const json& object, const std::string& where, std::string& out) {
    const json* value = field(object, "symbol", where);
    if (!value) return false;
    if (!value->is_string()) return fail(fmt::format("{}symbol: must be a string", where));
    out = value->get<std::string>();
    if (out.empty()) return fail(fmt::format("{}symbol: must not be empty", where));
    return true;
  }

  bool fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }
};

}  // namespace

core::Result<core::PlanInput> parse_plan_input(std::string_view json_text) {
  // A snapshot may list many holdings (no size limit), but never nests deep.
  if (auto refused = core::check_json_limits(json_text, {64, json_text.size()})) {
    return invalid_input("input: " + *refused);
  }
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    return invalid_input(
        fmt::format("input: malformed JSON ({} at byte {})", syntax_problem(e), e.byte));
  } catch (const json::exception& e) {
    return invalid_input(fmt::format("input: malformed JSON ({})", syntax_problem(e)));
  }
  if (!doc.is_object()) return invalid_input("input: must be a JSON object");

  core::PlanInput in;
  Reader r;
  r.number(doc, "account_value", "", in.account_value);
  if (r.error.empty() && in.account_value < 0) r.fail("account_value: must not be negative");
  r.number(doc, "cash", "", in.cash);
  if (r.error.empty() && doc.contains("cash_reserve_percentage")) {
    r.number(doc, "cash_reserve_percentage", "", in.cash_reserve_percent);
    if (r.error.empty() && (in.cash_reserve_percent < 0 || in.cash_reserve_percent > 100)) {
      r.fail("cash_reserve_percentage: must be within [0, 100]");
    }
  }
  if (!r.error.empty()) return invalid_input(r.error);

  const json* positions = r.field(doc, "positions", "", /*required=*/false);
  if (positions && !positions->is_array()) return invalid_input("positions: must be an array");
  std::set<std::string> seen;
  for (size_t i = 0; positions && i < positions->size(); ++i) {
    const json& item = (*positions)[i];
    const std::string where = fmt::format("positions[{}].", i);
    if (!item.is_object()) return invalid_input(fmt::format("positions[{}]: must be an object", i));
    core::Position position;
    double shares = 0;
    if (!r.symbol(item, where, position.symbol) || !r.number(item, "shares", where, shares)) {
      return invalid_input(r.error);
    }
    if (shares < 0) return invalid_input(where + "shares: must not be negative");
    // Fractional holdings are real (dividend reinvestment, transfers): kept as reported.
    if (!seen.insert(position.symbol).second) {
      return invalid_input(fmt::format("{}symbol: duplicate symbol {}", where, position.symbol));
    }
    position.shares = shares;
    in.positions.push_back(std::move(position));
  }

  const json* prices = r.field(doc, "prices", "");
  if (!prices) return invalid_input(r.error);
  if (!prices->is_object()) return invalid_input("prices: must be an object of symbol: price");
  for (const auto& [symbol, value] : prices->items()) {
    if (symbol.empty()) return invalid_input("prices: symbol must not be empty");
    if (!value.is_number())
      return invalid_input(fmt::format("prices.{}: must be a number", symbol));
    const double price = value.get<double>();
    if (!std::isfinite(price) || price <= 0) {
      return invalid_input(fmt::format("prices.{}: must be a positive finite number", symbol));
    }
    in.prices[symbol] = price;
  }

  const json* allocations = r.field(doc, "allocations", "");
  if (!allocations) return invalid_input(r.error);
  if (!allocations->is_array()) return invalid_input("allocations: must be an array");
  seen.clear();
  double sum = 0;
  for (size_t i = 0; i < allocations->size(); ++i) {
    const json& item = (*allocations)[i];
    const std::string where = fmt::format("allocations[{}].", i);
    if (!item.is_object())
      return invalid_input(fmt::format("allocations[{}]: must be an object", i));
    core::TargetAllocation target;
    if (!r.symbol(item, where, target.symbol) ||
        !r.number(item, "allocation", where, target.weight)) {
      return invalid_input(r.error);
    }
    if (target.weight < 0 || target.weight > 1) {
      return invalid_input(where + "allocation: must be within [0, 1]");
    }
    if (!seen.insert(target.symbol).second) {
      return invalid_input(fmt::format("{}symbol: duplicate symbol {}", where, target.symbol));
    }
    sum += target.weight;
    in.allocations.push_back(std::move(target));
  }
  if (sum > 1.01) {
    return invalid_input(fmt::format("allocations: sum to {:.4f}, above 1.01", sum));
  }
  return in;
}

std::string plan_to_json(const core::Plan& plan) {
  auto order_json = [](const core::OrderIntent& order) {
    return json{{"symbol", order.symbol},
                {"side", core::to_string(order.side)},
                {"quantity", order.quantity},
                {"value", cents(order.estimated_value)}};
  };
  json orders = json::array();
  for (const auto& sell : plan.sells) orders.push_back(order_json(sell));
  for (const auto& buy : plan.buys) orders.push_back(order_json(buy));
  json skipped = json::array();
  for (const auto& skip : plan.skipped) {
    skipped.push_back({{"symbol", skip.symbol},
                       {"side", skip.side ? json(core::to_string(*skip.side)) : json(nullptr)},
                       {"quantity", skip.quantity},
                       {"value", cents(skip.estimated_value)},
                       {"reason", skip.reason}});
  }
  json out{{"orders", std::move(orders)},
           {"skipped", std::move(skipped)},
           {"investable", cents(plan.investable)},
           {"buy_budget", cents(plan.buy_budget)}};
  if (!plan.warnings.empty()) out["warnings"] = plan.warnings;
  return out.dump();
}

}  // namespace ep::app
