// Contract details per symbol, kept for one gateway connection and one New York trading day:
// a rebalance asks for the same few symbols event after event, and their conId, exchange, tick
// and trading hours do not change within a day. Everything is dropped when the connection
// changes (a new Session) or the New York date changes (the trading hours name the day's
// sessions). Only answers that resolved are kept; an unknown symbol is asked again. A hit is
// only ever the entry of that exact symbol. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "core/broker.hpp"

namespace ep::tws_client {

// The New York calendar date at `now`, as days since 1970-01-01: US Eastern time, UTC-5, and
// UTC-4 from 02:00 local on the second Sunday of March to 02:00 local on the first Sunday of
// November (the rule since 2007).
std::int64_t new_york_day(std::chrono::system_clock::time_point now);

class ContractCache {
 public:
  // `connection` names the session the answer came from (any object that lives as long as it;
  // compared by identity, never dereferenced).
  std::optional<core::ContractInfo> find(const std::shared_ptr<const void>& connection,
                                         const core::Symbol& symbol,
                                         std::chrono::system_clock::time_point now);
  void store(const std::shared_ptr<const void>& connection, const core::ContractInfo& info,
             std::chrono::system_clock::time_point now);
  std::size_t size() const;

 private:
  // Drops every entry when the connection or the day differs from the entries'. Requires mu_.
  void bind(const std::shared_ptr<const void>& connection, std::int64_t day);

  mutable std::mutex mu_;
  std::weak_ptr<const void> connection_;
  std::int64_t day_ = 0;
  std::map<core::Symbol, core::ContractInfo> by_symbol_;
};

}  // namespace ep::tws_client
