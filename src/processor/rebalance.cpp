#include "processor/rebalance.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/buy_sizing.hpp"
#include "core/execution_quality.hpp"
#include "core/holdings.hpp"
#include "core/planner.hpp"
#include "core/replacements.hpp"
#include "logging/log.hpp"
#include "processor/guards.hpp"
#include "processor/json_views.hpp"
#include "processor/market_gate.hpp"
#include "processor/order_legs.hpp"
#include "processor/phases.hpp"
#include "processor/rebalance_orders.hpp"
#include "processor/rebalance_steps.hpp"
#include "processor/reconcile.hpp"

namespace ep::processor {

namespace {

using nlohmann::json;

class Rebalance {
 public:
  Rebalance(const CommandContext& context, bool dry_run)
      : context_(context),
        event_(context.event),
        dry_run_(dry_run),
        phases_(context.ports.clock, out_.phase_ms, context.on_phase) {}

  CommandOutcome run() {
    out_.result = {{"account_id", event_.account_id},
                   {"strategy", event_.account_config->strategy},
                   {"dry_run", dry_run_}};
    if (auto done = execute(); !done) out_.error = done.error();
    if (!out_.orders.empty()) out_.result["execution_cost"] = cost_json(out_.orders);
    phases_.end();
    return std::move(out_);
  }

 private:
  core::Result<void> execute() {
    // a. Account guard first: a wrong account is dead-lettered whatever else is wrong.
    phases_.begin("account");
    if (auto guard = guard_account(context_); !guard) return guard.error();

    phases_.begin("allocations");
    auto allocations = fetch_allocations(context_);
    if (!allocations) return allocations.error();
    // Replacement symbols: the plan targets the symbol held instead (README, "Replacement
    // symbols"); the outcome names both.
    auto replaced =
        core::apply_replacements(allocations->allocations, context_.settings.replacements);
    const auto& targets = replaced.targets;
    // The scales apply after the allocation guard: the sum is checked again so that a scale
    // never turns a valid answer into leverage.
    double weight_sum = 0;
    for (const auto& target : targets) weight_sum += target.weight;
    if (weight_sum > kMaxAllocationSum) {
      return core::unavailable(fmt::format(
          "target weights sum to {:.4f} after the replacements' scales (above {:.2f} is "
          "leverage); check the scales in REPLACEMENTS_FILE",
          weight_sum, kMaxAllocationSum));
    }
    out_.result["targets"] = target_weights(targets);
    keep_held_ = replaced.keep_held;
    if (!replaced.applied.empty()) {
      out_.result["replacements"] = json::array();
      for (const auto& entry : replaced.applied) {
        out_.result["replacements"].push_back({{"original", entry.original},
                                               {"replacement", entry.replacement},
                                               {"scale", entry.scale},
                                               {"sell_original", entry.sell_original}});
      }
    }
    out_.result["warnings"] = allocations->warnings;
    for (const auto& warning : allocations->warnings) log_warn(warning);

    // b. The account, then the contracts of targets and held symbols.
    phases_.begin("account");
    auto snapshot = read_account(context_);
    if (!snapshot) return snapshot.error();

    phases_.begin("contracts");
    auto contracts = resolve_contracts(context_, targets, snapshot.value());
    if (!contracts) return contracts.error();
    out_.result["unresolved_held"] = contracts->unresolved_held;

    // c. All or none: one closed symbol parks the whole rebalance.
    phases_.begin("hours");
    if (auto open = check_hours(contracts->contracts); !open) return open.error();

    // d-e. Restart safety, prices and the plan. A leg an earlier attempt left working is
    // waited on when the plan still wants it (replacing it would pay a second commission and
    // race its fills), else cancelled; either way the plan is made again from what it filled.
    auto planned = reconcile_and_plan(targets, *contracts, std::move(snapshot.value()), false);
    if (!planned) return planned.error();
    if (!planned->working.empty()) {
      // A working limit order was priced from a quote of an earlier attempt: it is cancelled
      // and the leg planned and priced again, never waited on at a stale price.
      const bool wanted = context_.settings.order_type == core::OrderType::kMarket &&
                          legs_still_planned(planned->working, planned->plan);
      if (wanted) {
        if (auto waited = await_working(planned->working); !waited) return waited.error();
      }
      planned = reconcile_and_plan(targets, *contracts, std::move(planned->snapshot), !wanted);
      if (!planned) return planned.error();
      if (!planned->working.empty()) {
        return core::unknown_outcome(
            "orders of this event are working again after the wait; not placing anything next "
            "to them");
      }
    }
    const core::Plan& plan = planned->plan;
    for (const auto& warning : planned->holding_warnings) warn(warning);
    for (const auto& warning : plan.warnings) warn(warning);
    const auto& prices = planned->prices;
    snapshot = std::move(planned->snapshot);

    // f. Size caps.
    if (auto caps = check_size_caps(plan, snapshot->net_liquidation, context_.settings.caps);
        !caps) {
      if (!dry_run_) return caps.error();
      out_.result["cap_violation"] = caps.error().message;
    }
    if (dry_run_) return core::success();
    if (plan.sells.empty() && plan.buys.empty()) {
      log_info("nothing to trade");
      return core::success();
    }
    return trade(plan, snapshot.value(), prices, *contracts);
  }

  struct Planned {
    core::AccountSnapshot snapshot;
    PriceStep prices;
    core::Plan plan;
    std::vector<std::string> holding_warnings;
    std::vector<core::OpenOrder> working;  // this event's orders an earlier attempt left working
  };

  core::Result<Planned> reconcile_and_plan(const std::vector<core::TargetAllocation>& targets,
                                           const ContractStep& contracts,
                                           core::AccountSnapshot snapshot, bool cancel_working) {
    Planned out;
    std::map<core::Symbol, core::Side> traded_earlier;
    if (!dry_run_) {  // never in a dry run: it may cancel orders
      phases_.begin("reconcile");
      auto report = reconcile_earlier_attempts(
          context_.ports.broker, event_.account_id, event_.event_id,
          {context_.request_deadline(), context_.deadline_in(context_.settings.cancel_timeout)},
          cancel_working);
      if (!report) return report.error();
      out_.result["reconcile"] = to_json(report.value());
      traded_earlier = report->traded_sides();
      out.working = report->working;
      // The plan must start from positions that include every fill of an earlier attempt:
      // re-reading the account after the cancels makes a leg that already filled show up as
      // held shares, so the planner does not order it again; a partly filled leg is planned
      // for what is left. Nothing is subtracted by hand from the plan, which would count
      // those fills twice. When the reconcile saw no open order and no execution of the
      // account today, nothing traded it since the read before: that read is kept (one
      // account request fewer per event, docs/architecture.md "Messages per rebalance").
      if (!report->account_untouched()) {
        phases_.begin("account");
        auto reread = read_account(context_);
        if (!reread) return reread.error();
        snapshot = std::move(reread.value());
      }
    }
    out_.result["account"] = {{"net_liquidation", snapshot.net_liquidation},
                              {"cash", snapshot.cash},
                              {"positions", to_json_array<core::Position>(snapshot.positions)}};

    phases_.begin("prices");
    auto prices = read_prices(context_, contracts.contracts, targets);
    if (!prices) return prices.error();
    out_.result["price_sources"] = prices->sources;

    // Only the positions this service may trade enter the plan.
    phases_.begin("plan");
    auto holdings = core::tradable_holdings(snapshot.positions, contracts.con_ids());
    std::erase_if(holdings.positions, [&](const core::Position& position) {
      if (!keep_held_.contains(position.symbol)) return false;
      holdings.warnings.push_back(fmt::format(
          "{:.4g} {} held and replaced in the strategy: left alone (its replacement entry does "
          "not say sell_original)",
          position.shares, position.symbol));
      return true;
    });
    out.plan = core::make_plan(
        {snapshot.net_liquidation, snapshot.cash, event_.account_config->cash_reserve_percent,
         holdings.positions, prices->prices, targets, traded_earlier},
        context_.settings.planner);
    out_.result["plan"] = to_json(out.plan);
    out.holding_warnings = std::move(holdings.warnings);
    out.snapshot = std::move(snapshot);
    out.prices = std::move(prices.value());
    return out;
  }

  // Waits until this event's working orders are done (order_completion_timeout).
  core::Result<void> await_working(const std::vector<core::OpenOrder>& working) {
    phases_.begin("working_orders");
    std::vector<std::string> refs;
    for (const auto& order : working) refs.push_back(order.order_ref);
    log_info("waiting for orders an earlier attempt left working",
             {{"order_refs", refs}, {"count", refs.size()}});
    out_.result["waited_on"] = refs;
    auto done = context_.ports.broker.await_orders_done(
        event_.account_id, refs, context_.deadline_in(context_.settings.order_completion_timeout));
    if (done) return core::success();
    return core::Error{done.error().kind,
                       fmt::format("{} order(s) of this event waited on, not replaced: {}",
                                   refs.size(), done.error().message)};
  }

  core::Result<void> check_hours(const std::vector<core::ContractInfo>& contracts) {
    auto gate =
        check_market_hours(contracts, context_.ports.clock.now(), context_.settings.extended_hours);
    if (!gate) return gate.error();
    out_.result["market_open"] = gate->open();
    if (gate->open()) return core::success();
    out_.result["closed_symbols"] = gate->closed;
    if (dry_run_) return core::success();
    const auto closed = fmt::format("{}", fmt::join(gate->closed, ", "));
    if (!gate->reopen_at) {
      return core::unavailable(
          fmt::format("market closed for {} and the trading hours name no later session", closed));
    }
    out_.reopen_at = gate->reopen_at;
    return core::market_closed(fmt::format("market closed for {}", closed));
  }

  // g-i. The order of work follows the money: the sells are checked and placed and their fills
  // awaited; only then are the buys sized, from fresh quotes and the cash that really arrived
  // (a cash account's buys need the sells' proceeds), checked and placed.
  core::Result<void> trade(const core::Plan& plan, const core::AccountSnapshot& snapshot,
                           const PriceStep& prices, const ContractStep& contracts) {
    const auto con_ids = contracts.con_ids();
    std::vector<core::OrderOutcome> sells;
    if (!plan.sells.empty()) {
      auto priced =
          price_legs(context_.settings, to_requests(event_, context_.settings, plan.sells, con_ids),
                     prices, nullptr, contracts.contracts);
      phases_.begin("what_if");
      if (auto checked = check(priced.requests); !checked) return checked.error();
      phases_.begin("sells");
      if (auto lease = context_.confirm_lease(); !lease) return lease.error();
      auto run = place(priced, prices, contracts);
      sells = run.orders;
      if (run.stopped) return *run.stopped;
      if (auto verdict = judge_outcomes(run.legs, "sell"); !verdict) return verdict.error();
    }
    if (plan.buys.empty()) return core::success();

    phases_.begin("buys");
    auto sized = size_buys_after(plan, snapshot, prices, contracts, sells);
    if (!sized) return sized.error();
    out_.result["buys_skipped"] = to_json_array<core::SkippedOrder>(sized->skipped);
    out_.result["buys_sized"] = to_json_array<core::OrderIntent>(sized->buys);
    if (sized->buys.empty()) return core::success();
    // The buys were sized on the quotes read after the sells (or the plan's, without sells);
    // a limit buy whose quote gapped beyond the collar since the plan is not placed.
    const PriceStep& sized_on = fresh_ ? *fresh_ : prices;
    auto priced =
        price_legs(context_.settings, to_requests(event_, context_.settings, sized->buys, con_ids),
                   sized_on, fresh_ ? &prices : nullptr, contracts.contracts);
    if (!priced.requests.empty()) {
      phases_.begin("what_if");
      if (auto checked = check(priced.requests); !checked) return checked.error();
      phases_.begin("buys");
      if (auto lease = context_.confirm_lease(); !lease) return lease.error();
    }
    auto run = place(priced, sized_on, contracts);
    if (run.stopped) return *run.stopped;
    return judge_outcomes(run.legs, "buy");
  }

  // Places the priced legs and keeps every order in the outcome; legs left out for a gap stop
  // the batch once the others ran (the event retries with the reason).
  LegsRun place(const PricedLegs& priced, const PriceStep& sized_on,
                const ContractStep& contracts) {
    LegsRun run;
    if (!priced.requests.empty()) {
      run = run_legs(context_, priced.requests, sized_on, contracts.contracts);
    }
    for (const auto& order : run.orders) out_.orders.push_back(order);
    if (context_.settings.order_type == core::OrderType::kLimit) {
      for (auto& step : run.limit_steps) out_.result["limit_orders"].push_back(std::move(step));
      for (const auto& gap : priced.gaps) out_.result["limit_gaps"].push_back(gap);
    }
    if (!run.stopped && !priced.gaps.empty()) {
      run.stopped = core::unavailable(
          fmt::format("{}; it runs on the next attempt", fmt::join(priced.gaps, "; ")));
    }
    return run;
  }

  static json cost_json(const std::vector<core::OrderOutcome>& orders) {
    const auto cost = core::execution_cost(orders);
    auto cents = [](double value) { return std::round(value * 100.0) / 100.0; };
    return {{"slippage", cents(cost.slippage)},
            {"commissions", cents(cost.commissions)},
            {"total", cents(cost.total)},
            {"traded_value", cents(cost.traded_value)},
            {"fraction_of_traded", cost.fraction_of_traded}};
  }

  // The buys sized against the cash after the sells: without sells, the plan's quotes and the
  // cash it started from; after sells, the account and the buy symbols' quotes read again.
  core::Result<core::BuySelection> size_buys_after(const core::Plan& plan,
                                                   const core::AccountSnapshot& before,
                                                   const PriceStep& prices,
                                                   const ContractStep& contracts,
                                                   const std::vector<core::OrderOutcome>& sells) {
    core::BuySizingInput input{
        plan.investable, 0, plan.buys, {}, prices.quotes, context_.settings.commission};
    std::optional<core::Money> reported;
    const core::AccountSnapshot* holdings = &before;
    core::AccountSnapshot after;
    if (!sells.empty()) {
      auto read =
          context_.ports.broker.account_snapshot(event_.account_id, context_.request_deadline());
      if (!read) {
        return core::unavailable(fmt::format(
            "cash after the sells could not be read ({}); the buys run on the next attempt",
            read.error().message));
      }
      after = std::move(read.value());
      reported = after.cash;
      holdings = &after;
      auto fresh = fresh_quotes(plan.buys, contracts);
      if (!fresh) return fresh.error();
      for (auto& [symbol, quote] : fresh->quotes) input.quotes[symbol] = quote;
      fresh_ = std::move(fresh.value());
    }
    // A limit buy may cost up to its limit: sized against that, it never needs cash that was
    // not counted (the broker checks the cash at the limit price).
    for (auto& [symbol, quote] : input.quotes) {
      const core::Price ask = quote.ask > 0 ? std::max(quote.ask, quote.price) : quote.price;
      quote.ask =
          buy_cost_ceiling(context_.settings, ask, min_tick_of(contracts.contracts, symbol));
    }
    for (const auto& position :
         core::tradable_holdings(holdings->positions, contracts.con_ids()).positions) {
      input.held[position.symbol] += position.shares;
    }
    const auto cash = cash_for_buys(before.cash, sells, reported, plan.reserve);
    out_.result["cash"] = to_json(cash);
    input.budget = cash.budget;
    return core::size_buys(input);
  }

  // Quotes of the buy symbols read after the sells filled (the market moved meanwhile), with
  // the same price guard as the plan's: every buy symbol needs a usable price.
  static core::Price min_tick_of(const std::vector<core::ContractInfo>& contracts,
                                 const core::Symbol& symbol) {
    for (const auto& contract : contracts) {
      if (contract.symbol == symbol) return contract.min_tick;
    }
    return 0;
  }

  core::Result<PriceStep> fresh_quotes(const std::vector<core::OrderIntent>& buys,
                                       const ContractStep& contracts) {
    std::vector<core::ContractInfo> wanted;
    std::vector<core::TargetAllocation> buy_targets;
    for (const auto& buy : buys) {
      buy_targets.push_back({buy.symbol, buy.weight});
      for (const auto& contract : contracts.contracts) {
        if (contract.symbol == buy.symbol) wanted.push_back(contract);
      }
    }
    auto fresh = read_prices(context_, wanted, buy_targets);
    if (!fresh) {
      return core::Error{fresh.error().kind,
                         fmt::format("after the sells ({}); the buys run on the next attempt",
                                     fresh.error().message)};
    }
    return std::move(fresh.value());
  }

  core::Result<void> check(const std::vector<core::OrderRequest>& requests) {
    const auto answers = context_.ports.broker.what_if(requests, context_.request_deadline());
    return judge_what_if(requests, answers);
  }

  json fields(json extra = json::object()) const {
    extra["event_id"] = event_.event_id;
    extra["account_id"] = event_.account_id;
    return extra;
  }
  void log_info(std::string_view message, json extra = json::object()) const {
    log::info(message, fields(std::move(extra)));
  }
  void log_warn(std::string_view message) const { log::warn(message, fields()); }
  // A warning for the operator: logged and kept in the outcome record.
  void warn(const std::string& message) {
    log_warn(message);
    out_.result["warnings"].push_back(message);
  }

  const CommandContext& context_;
  const Event& event_;
  const bool dry_run_;
  CommandOutcome out_;
  Phases phases_;
  std::optional<PriceStep> fresh_;    // the buy symbols' quotes read after the sells
  std::set<core::Symbol> keep_held_;  // held originals of replaced symbols, never traded
};

}  // namespace

CommandOutcome run_rebalance(const CommandContext& context, bool dry_run) {
  return Rebalance(context, dry_run).run();
}

}  // namespace ep::processor
