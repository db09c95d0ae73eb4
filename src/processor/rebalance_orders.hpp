// The order side of a rebalance, as pure helpers: turning planned intents into broker
// requests with order refs, judging what-if answers and order outcomes, and the cash the buys
// may spend after the sells. Pure; any thread.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/broker.hpp"
#include "core/result.hpp"
#include "processor/event.hpp"
#include "processor/settings.hpp"

namespace ep::processor {

// `con_ids`: the contract each symbol resolved to (a held position's own conId, since positions
// of any other contract are never planned); a symbol missing there goes out by symbol.
std::vector<core::OrderRequest> to_requests(const Event& event, const Settings& settings,
                                            std::span<const core::OrderIntent> intents,
                                            const std::map<core::Symbol, std::int64_t>& con_ids);

// kRejected listing every refused order when any what-if was refused; else the first other
// error (e.g. kUnavailable); else success.
core::Result<void> judge_what_if(std::span<const core::OrderRequest> orders,
                                 std::span<const core::Result<core::WhatIfResult>> answers);

// kUnknownOutcome when any order's fate is unknown (the next attempt reconciles); kRejected
// when any ended Cancelled, Inactive or Rejected; `leg` ("sell"/"buy") names them.
core::Result<void> judge_outcomes(std::span<const core::OrderOutcome> outcomes,
                                  std::string_view leg);

struct CashForBuys {
  core::Money before = 0;               // the cash the plan started from
  core::Money proceeds = 0;             // filled shares x average price of the sells
  core::Money commissions = 0;          // of the sells
  core::Money computed = 0;             // before + proceeds - commissions
  std::optional<core::Money> reported;  // the account's cash after the sells
  core::Money used = 0;                 // the smaller of computed and reported
  core::Money reserve = 0;              // the plan's reserve (computed once: core::reserve_of)
  core::Money budget = 0;               // used - reserve
};

CashForBuys cash_for_buys(core::Money cash_before, std::span<const core::OrderOutcome> sells,
                          std::optional<core::Money> reported, core::Money reserve);

nlohmann::json to_json(const CashForBuys& cash);

// True when every working order is a leg the plan still wants and live at the exchange
// (Submitted, or partly filled): same symbol and side, its unfilled rest within one share (or
// 2 %) of the planned quantity. Such orders are waited on; others are cancelled and replaced.
bool legs_still_planned(std::span<const core::OpenOrder> working, const core::Plan& plan);

}  // namespace ep::processor
