// JSON shapes of domain values in command results and outcome records (positions, open
// orders, plans, order outcomes). Stable key order comes from nlohmann's sorted objects;
// arrays keep the order given. Pure; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <span>

#include "core/broker.hpp"
#include "core/domain.hpp"

namespace ep::processor {

nlohmann::json to_json(const core::Position& position);
nlohmann::json to_json(const core::OpenOrder& order);
nlohmann::json to_json(const core::Execution& execution);
nlohmann::json to_json(const core::OrderIntent& order);
nlohmann::json to_json(const core::SkippedOrder& skipped);
nlohmann::json to_json(const core::OrderOutcome& outcome);
// {"sells": [...], "buys": [...], "buy_candidates": [...], "skipped": [...], "investable",
//  "buy_budget"}
nlohmann::json to_json(const core::Plan& plan);
// {"SPY": 0.5, "TLT": 0.3, ...}: the allocation API's weights, for the holdings chart of the
// status page (README "Status page").
nlohmann::json target_weights(std::span<const core::TargetAllocation> targets);

template <class T>
nlohmann::json to_json_array(std::span<const T> items) {
  auto out = nlohmann::json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

}  // namespace ep::processor
