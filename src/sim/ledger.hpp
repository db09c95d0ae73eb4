// The ibsim ledger: every order (what-if checks marked), every status change that ends an order
// and every fill as one JSON line in a file, plus the JSON shapes the control endpoint answers
// with (GET /state, GET /ledger). Owned by the server's I/O thread; the file is
// flushed after each line so tests can read it while ibsim runs.
#pragma once

#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sim/paper_broker.hpp"

namespace ep::sim {

nlohmann::json order_json(const Order& order);
nlohmann::json fill_json(const Fill& fill);
nlohmann::json what_if_json(const WhatIfCheck& check);
std::string format_time_utc(TimePoint at);  // ISO-8601 with milliseconds and Z

// {"accounts": {"DU..": {"cash", "net_liquidation", "positions": {"SPY": 100}, ...}},
//  "orders": [...], "what_if_checks": [...], "fills": [...]}
nlohmann::json state_json(const PaperBroker& broker);

class Ledger {
 public:
  // An empty path keeps the ledger in memory only.
  core::Result<void> open(const std::string& path);
  const std::string& path() const { return path_; }

  void record_order(const Order& order);
  void record_status(const Order& order);
  void record_what_if(const WhatIfCheck& check);
  void record_fill(const Fill& fill);
  void record_reset();

  // The most recent lines (at most kKeptLines), oldest first.
  const std::vector<nlohmann::json>& lines() const { return lines_; }

  static constexpr std::size_t kKeptLines = 100'000;

 private:
  void write(nlohmann::json line);

  std::string path_;
  std::ofstream file_;
  std::vector<nlohmann::json> lines_;
};

}  // namespace ep::sim
