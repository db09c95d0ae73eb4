// Trading sessions of a contract from IB's trading/liquid hours strings, and the two questions
// the rebalance asks of them: is the market open now, and when does it open next. The strings
// are local times in the contract's time zone (IB says e.g. "US/Eastern"); the answers are UTC
// instants, DST-correct through date/tz. Pure apart from reading the OS time-zone database;
// any thread.
//
// Formats accepted (segments separated by ';', empty segments skipped, a leading ';' is fine):
//   current: "20240722:0930-20240722:1600" and "20240723:CLOSED"
//   older:   "20240722:0930-1600" or "20240722:0930-1200,1300-1600" (end before start = next day)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::processor {

struct Session {
  core::Timestamp open;
  core::Timestamp close;  // exclusive
};

class TradingHours {
 public:
  // kInvalidInput naming the bad segment when `hours` cannot be read.
  static core::Result<TradingHours> parse(std::string_view hours, std::string_view time_zone);

  bool is_open(core::Timestamp now) const;
  // The first session start after `now`; nullopt when the string names none.
  std::optional<core::Timestamp> next_open(core::Timestamp now) const;
  const std::vector<Session>& sessions() const { return sessions_; }
  const std::string& zone_name() const { return zone_name_; }

 private:
  std::vector<Session> sessions_;  // sorted by open
  std::string zone_name_;          // the IANA zone actually used
};

// The IANA zone for IB's name: the name itself when the database knows it (US/Eastern is a
// link there), a legacy alias table next, America/New_York as the last resort.
std::string resolve_time_zone(std::string_view ib_name);

}  // namespace ep::processor
