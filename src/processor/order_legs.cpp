#include "processor/order_legs.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "core/execution_quality.hpp"
#include "logging/log.hpp"

namespace ep::processor {
namespace {

using nlohmann::json;

core::Price tick_of(const std::vector<core::ContractInfo>& contracts, const core::Symbol& symbol) {
  for (const auto& contract : contracts) {
    if (contract.symbol == symbol) return contract.min_tick;
  }
  return 0;
}

core::PlannedQuote planned_quote(const core::Quote& quote) {
  core::PlannedQuote out;
  out.bid = quote.bid;
  out.ask = quote.ask;
  out.last = quote.last;
  out.price = quote.price;
  out.source = quote.source;
  return out;
}

std::optional<core::PlannedQuote> quote_for(const PriceStep& step, const core::Symbol& symbol) {
  const auto it = step.read.find(symbol);
  if (it == step.read.end()) return std::nullopt;
  return planned_quote(it->second);
}

// The outcome with the quote its leg was planned on (aged to now) and its slippage.
void annotate(core::OrderOutcome& outcome, const PriceStep& sized_on, core::Deadline placed_at) {
  auto quote = quote_for(sized_on, outcome.request.symbol);
  if (!quote) return;
  quote->age_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(placed_at - sized_on.read_at).count();
  outcome.planned_quote = quote;
  outcome.slippage =
      core::slippage_of(outcome.request.side, *quote, outcome.filled, outcome.average_price);
}

// A working order after its cancel was confirmed: what it filled, from today's executions.
void settle_from_executions(core::OrderOutcome& outcome,
                            const std::vector<core::Execution>& executions) {
  core::Shares shares = 0;
  core::Money value = 0;
  core::Money commission = 0;
  std::vector<core::Fill> fills;
  for (const auto& execution : executions) {
    if (execution.order_id != outcome.order_id ||
        execution.order_ref != outcome.request.order_ref) {
      continue;
    }
    shares += execution.shares;
    value += static_cast<double>(execution.shares) * execution.price;
    commission += execution.commission;
    fills.push_back({execution.exec_id, execution.shares, execution.price, execution.commission,
                     execution.time});
  }
  // The executions are the whole truth once the order is gone; fills the outcome already had
  // are among them.
  if (shares >= outcome.filled) {
    outcome.filled = shares;
    outcome.average_price = shares > 0 ? value / static_cast<double>(shares) : 0;
    outcome.commission = commission;
    outcome.fills = std::move(fills);
  }
  outcome.state = outcome.filled >= outcome.request.quantity ? core::OrderState::kFilled
                                                             : core::OrderState::kCancelled;
  if (outcome.state == core::OrderState::kCancelled && outcome.error.empty()) {
    outcome.error =
        fmt::format("cancelled to re-price after {} of {} filled at the limit {}", outcome.filled,
                    outcome.request.quantity, outcome.request.limit_price);
  }
}

json step_json(std::string_view what, const core::OrderRequest& request) {
  return {{"step", what},
          {"order_ref", request.order_ref},
          {"symbol", request.symbol},
          {"side", core::to_string(request.side)},
          {"quantity", request.quantity},
          {"order_type", core::to_string(request.order_type)},
          {"limit_price", request.order_type == core::OrderType::kLimit ? json(request.limit_price)
                                                                        : json(nullptr)}};
}

class LimitRun {
 public:
  LimitRun(const CommandContext& context, const PriceStep& sized_on,
           const std::vector<core::ContractInfo>& contracts)
      : context_(context),
        settings_(context.settings),
        sized_on_(sized_on),
        contracts_(contracts) {}

  LegsRun run(std::vector<core::OrderRequest> batch) {
    for (int round = 0; !batch.empty(); ++round) {
      if (round > 0) {
        if (auto lease = context_.confirm_lease(); !lease) return stop(lease.error());
      }
      const bool market = batch.front().order_type == core::OrderType::kMarket;
      const auto completion = context_.deadline_in(settings_.order_completion_timeout);
      const auto deadline =
          market ? completion : std::min(completion, context_.deadline_in(settings_.limit_reprice));
      auto working = place(batch, deadline);
      if (working.empty() || market) break;
      // Still working at the re-price time: cancel these legs (only them: an order someone
      // placed by hand meanwhile is not ours to cancel) and settle what filled.
      auto settled = cancel_and_settle(working);
      if (!settled) return stop(settled.error());
      batch.clear();
      std::vector<core::OrderOutcome> rest;
      for (const auto& outcome : working) {
        if (outcome.filled < outcome.request.quantity) rest.push_back(outcome);
      }
      if (rest.empty()) break;
      if (round >= settings_.limit_max_reprices) {
        if (!settings_.limit_fallback_market) return stop(not_filled(rest));
        // At market the last limit is the best guess of the price the cash must cover.
        for (const auto& outcome : rest) {
          if (auto order = remainder(outcome, std::nullopt, outcome.request.limit_price)) {
            batch.push_back(std::move(*order));
          }
        }
        continue;
      }
      auto repriced = reprice(rest);
      if (!repriced) return stop(repriced.error());
      batch = std::move(repriced.value());
    }
    if (!gaps_.empty()) {
      return stop(core::unavailable(
          fmt::format("{}; the rest runs on the next attempt", fmt::join(gaps_, "; "))));
    }
    return finish();
  }

 private:
  // Places the batch and returns the orders still working at the deadline.
  std::vector<core::OrderOutcome> place(const std::vector<core::OrderRequest>& batch,
                                        core::Deadline deadline) {
    for (const auto& request : batch) {
      if (request.side == core::Side::kBuy && request.order_type == core::OrderType::kLimit) {
        // The first placement of a buy leg is what its cash was counted at.
        buy_cash_.try_emplace(request.order_ref,
                              static_cast<double>(request.quantity) * request.limit_price);
      }
      run_.limit_steps.push_back(step_json("placed", request));
      log::info("placing order", fields({{"order_ref", request.order_ref},
                                         {"side", core::to_string(request.side)},
                                         {"symbol", request.symbol},
                                         {"quantity", request.quantity},
                                         {"order_type", core::to_string(request.order_type)},
                                         {"limit_price", request.limit_price}}));
    }
    const auto placed_at = context_.ports.clock.monotonic();
    auto outcomes = context_.ports.broker.place_orders(batch, deadline);
    std::vector<core::OrderOutcome> working;
    for (auto& outcome : outcomes) {
      placed_at_[outcome.order_id] = placed_at;
      if (outcome.state == core::OrderState::kUnknown &&
          outcome.request.order_type == core::OrderType::kLimit && outcome.order_id > 0) {
        working.push_back(std::move(outcome));
      } else {
        record(std::move(outcome));
      }
    }
    return working;
  }

  core::Result<void> cancel_and_settle(std::vector<core::OrderOutcome>& working) {
    const auto& account = context_.event.account_id;
    std::vector<std::int64_t> order_ids;
    for (const auto& outcome : working) order_ids.push_back(outcome.order_id);
    auto cancelled = context_.ports.broker.cancel_orders(
        account, order_ids, context_.deadline_in(settings_.cancel_timeout));
    std::optional<std::string> why;
    core::Result<std::vector<core::Execution>> executions = std::vector<core::Execution>{};
    if (!cancelled) {
      why = "its cancel was not confirmed: " + cancelled.error().message;
    } else {
      executions = context_.ports.broker.executions_today(account, context_.request_deadline());
      if (!executions) why = "its fills could not be read: " + executions.error().message;
    }
    if (why) {
      // The orders' fate is not known: never place next to them; the next attempt reconciles.
      for (auto& outcome : working) record(outcome);
      return core::unknown_outcome(fmt::format(
          "limit order(s) still working at the re-price time and {}; the next attempt reconciles",
          *why));
    }
    for (auto& outcome : working) {
      settle_from_executions(outcome, executions.value());
      run_.limit_steps.push_back(json{{"step", "cancelled"},
                                      {"order_ref", outcome.request.order_ref},
                                      {"symbol", outcome.request.symbol},
                                      {"filled", outcome.filled},
                                      {"quantity", outcome.request.quantity}});
      record(outcome);
    }
    return core::success();
  }

  // The rest of each leg priced from a fresh quote, or left out when it gapped beyond the
  // collar from the working order's limit.
  core::Result<std::vector<core::OrderRequest>> reprice(
      const std::vector<core::OrderOutcome>& rest) {
    std::vector<core::ContractInfo> wanted;
    std::vector<core::TargetAllocation> symbols;
    for (const auto& outcome : rest) {
      symbols.push_back({outcome.request.symbol, 0});
      for (const auto& contract : contracts_) {
        if (contract.symbol == outcome.request.symbol) wanted.push_back(contract);
      }
    }
    auto fresh = read_prices(context_, wanted, symbols);
    if (!fresh) {
      return core::Error{fresh.error().kind,
                         fmt::format("re-pricing the working limit order(s): {}; the rest runs "
                                     "on the next attempt",
                                     fresh.error().message)};
    }
    std::vector<core::OrderRequest> batch;
    for (const auto& outcome : rest) {
      const auto& request = outcome.request;
      const auto quote = quote_for(fresh.value(), request.symbol);
      if (!quote) {
        gaps_.push_back(fmt::format("{} {}: no fresh quote to re-price", request.symbol,
                                    core::to_string(request.side)));
        continue;
      }
      const core::Price side = core::side_quote(request.side, *quote);
      if (auto gap = core::gap_beyond_collar(request.side, request.symbol, request.limit_price,
                                             side, settings_.limit_collar_percent)) {
        gaps_.push_back(fmt::format("{} {} of {} filled; {}", core::to_string(request.side),
                                    outcome.filled, request.quantity, *gap));
        continue;
      }
      const core::Price limit = core::collar_limit(
          request.side, side, settings_.limit_collar_percent, tick_of(contracts_, request.symbol));
      if (auto order = remainder(outcome, limit, limit)) batch.push_back(std::move(*order));
    }
    return batch;
  }

  // The unfilled rest of a leg as a new order with the same order ref: at `limit`, or at
  // market when none. A buy's rest is cut to the shares the cash counted for the leg still
  // pays at `price`: a re-price may raise the limit above the one the buy was sized at, and
  // the reserve must hold all the same. Nullopt (with the reason in gaps_) when none fit.
  std::optional<core::OrderRequest> remainder(const core::OrderOutcome& outcome,
                                              std::optional<core::Price> limit, core::Price price) {
    core::OrderRequest request = outcome.request;
    request.quantity = outcome.request.quantity - outcome.filled;
    request.order_type = limit ? core::OrderType::kLimit : core::OrderType::kMarket;
    request.limit_price = limit.value_or(0);
    const auto cash = buy_cash_.find(request.order_ref);
    if (request.side != core::Side::kBuy || cash == buy_cash_.end() || price <= 0) return request;
    core::Money spent = 0;
    for (const auto& earlier : run_.orders) {
      if (earlier.request.order_ref == request.order_ref) {
        spent += static_cast<double>(earlier.filled) * earlier.average_price;
      }
    }
    const auto fit = static_cast<core::Shares>(std::floor((cash->second - spent) / price + 1e-9));
    if (fit < request.quantity) {
      log::info("re-priced buy cut to the cash counted for it",
                fields({{"order_ref", request.order_ref},
                        {"quantity", request.quantity},
                        {"fits", std::max<core::Shares>(fit, 0)},
                        {"price", price}}));
      request.quantity = std::max<core::Shares>(fit, 0);
    }
    if (request.quantity > 0) return request;
    gaps_.push_back(fmt::format("BUY {}: the rest no longer fits the cash counted for it at {}",
                                request.symbol, price));
    return std::nullopt;
  }

  core::Error not_filled(const std::vector<core::OrderOutcome>& rest) const {
    std::vector<std::string> legs;
    for (const auto& outcome : rest) {
      legs.push_back(fmt::format("{} {} {} of {} filled at the limit {}",
                                 core::to_string(outcome.request.side), outcome.request.symbol,
                                 outcome.filled, outcome.request.quantity,
                                 outcome.request.limit_price));
    }
    return core::unavailable(fmt::format(
        "limit order(s) not filled after {} re-price(s) within the {:.2f}% collar ({}); the rest "
        "runs on the next attempt (LIMIT_FALLBACK_MARKET sends it as market instead)",
        settings_.limit_max_reprices, settings_.limit_collar_percent, fmt::join(legs, "; ")));
  }

  void record(core::OrderOutcome outcome) {
    const auto at = placed_at_.find(outcome.order_id);
    annotate(outcome, sized_on_,
             at == placed_at_.end() ? context_.ports.clock.monotonic() : at->second);
    log::info("order ended", fields({{"order_ref", outcome.request.order_ref},
                                     {"state", core::to_string(outcome.state)},
                                     {"filled", outcome.filled},
                                     {"average_price", outcome.average_price},
                                     {"error", outcome.error}}));
    run_.orders.push_back(std::move(outcome));
  }

  json fields(json extra) const {
    extra["event_id"] = context_.event.event_id;
    extra["account_id"] = context_.event.account_id;
    return extra;
  }

  LegsRun stop(core::Error error) {
    run_.stopped = std::move(error);
    return finish();
  }

  LegsRun finish() {
    // The last order of each leg (order ref) judges it; earlier ones were replaced.
    std::map<std::string, std::size_t> last;
    for (std::size_t i = 0; i < run_.orders.size(); ++i) last[run_.orders[i].request.order_ref] = i;
    std::vector<std::size_t> order;
    for (const auto& [ref, i] : last) order.push_back(i);
    std::sort(order.begin(), order.end());
    for (auto i : order) run_.legs.push_back(run_.orders[i]);
    return std::move(run_);
  }

  const CommandContext& context_;
  const Settings& settings_;
  const PriceStep& sized_on_;
  const std::vector<core::ContractInfo>& contracts_;
  std::map<std::int64_t, core::Deadline> placed_at_;
  std::map<std::string, core::Money> buy_cash_;  // order ref -> quantity x limit as sized
  std::vector<std::string> gaps_;
  LegsRun run_;
};

}  // namespace

core::Price buy_cost_ceiling(const Settings& settings, core::Price ask, core::Price tick) {
  if (settings.order_type != core::OrderType::kLimit || ask <= 0) return ask;
  return core::collar_limit(core::Side::kBuy, ask, settings.limit_collar_percent, tick);
}

PricedLegs price_legs(const Settings& settings, std::vector<core::OrderRequest> requests,
                      const PriceStep& sized_on, const PriceStep* plan,
                      const std::vector<core::ContractInfo>& contracts) {
  PricedLegs out;
  if (settings.order_type != core::OrderType::kLimit) {
    out.requests = std::move(requests);
    return out;
  }
  for (auto& request : requests) {
    const auto quote = quote_for(sized_on, request.symbol);
    if (!quote) {
      out.gaps.push_back(fmt::format("{} {}: no quote to price a limit order from",
                                     core::to_string(request.side), request.symbol));
      continue;
    }
    const core::Price side = core::side_quote(request.side, *quote);
    if (plan != nullptr) {
      if (const auto planned = quote_for(*plan, request.symbol)) {
        if (auto gap = core::gap_beyond_collar(request.side, request.symbol,
                                               core::side_quote(request.side, *planned), side,
                                               settings.limit_collar_percent)) {
          out.gaps.push_back(fmt::format("{} {} not placed: {} since the plan",
                                         core::to_string(request.side), request.symbol, *gap));
          continue;
        }
      }
    }
    request.order_type = core::OrderType::kLimit;
    request.limit_price = core::collar_limit(request.side, side, settings.limit_collar_percent,
                                             tick_of(contracts, request.symbol));
    out.requests.push_back(std::move(request));
  }
  return out;
}

LegsRun run_legs(const CommandContext& context, const std::vector<core::OrderRequest>& priced,
                 const PriceStep& sized_on, const std::vector<core::ContractInfo>& contracts) {
  return LimitRun(context, sized_on, contracts).run(priced);
}

}  // namespace ep::processor
