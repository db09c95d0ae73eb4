// The contract cache on its own: hits for the same connection and New York day, nothing for
// another symbol, everything dropped on a new connection or a new New York date.
#include "tws_client/contract_cache.hpp"

#include <gtest/gtest.h>

#include "tws_client/testing/contracts.hpp"

namespace ep::tws_client {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;
using std::chrono::system_clock;
using namespace std::chrono_literals;
using testing::arca_stock;

system_clock::time_point utc(std::chrono::year_month_day day, hours h, minutes m = 0min) {
  return system_clock::time_point{sys_days{day} + h + m};
}

const auto kMonday = std::chrono::year{2026} / std::chrono::July / 13;

TEST(NewYorkDay, FollowsEasternTimeAcrossBothChanges) {
  using namespace std::chrono;
  auto day = [](year_month_day d) { return sys_days{d}.time_since_epoch().count(); };
  // Summer (EDT, UTC-4): 03:59 UTC is still the day before in New York, 04:00 is the day.
  EXPECT_EQ(new_york_day(utc(kMonday, 3h, 59min)), day(kMonday) - 1);
  EXPECT_EQ(new_york_day(utc(kMonday, 4h)), day(kMonday));
  // Winter (EST, UTC-5).
  const auto january = 2026y / January / 15;
  EXPECT_EQ(new_york_day(utc(january, 4h, 59min)), day(january) - 1);
  EXPECT_EQ(new_york_day(utc(january, 5h)), day(january));
  // 2026: EDT from Sunday March 8 07:00 UTC to Sunday November 1 06:00 UTC.
  EXPECT_EQ(new_york_day(utc(2026y / March / 9, 4h)), day(2026y / March / 9));
  EXPECT_EQ(new_york_day(utc(2026y / March / 8, 4h, 30min)), day(2026y / March / 7));
  EXPECT_EQ(new_york_day(utc(2026y / November / 2, 4h, 30min)), day(2026y / November / 1));
}

TEST(ContractCache, HitsForTheSameConnectionAndDayOnly) {
  ContractCache cache;
  auto connection = std::make_shared<int>(1);
  const auto morning = utc(kMonday, 14h);
  EXPECT_FALSE(cache.find(connection, "SPY", morning));
  cache.store(connection, arca_stock("SPY", 756733), morning);
  auto hit = cache.find(connection, "SPY", morning + 6h);  // 16:00 in New York
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->con_id, 756733);
  EXPECT_EQ(hit->symbol, "SPY");
  EXPECT_FALSE(cache.find(connection, "TLT", morning));  // never another symbol's entry
  EXPECT_FALSE(cache.find(connection, "spy", morning));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ContractCache, ANewNewYorkDateDropsEverything) {
  ContractCache cache;
  auto connection = std::make_shared<int>(1);
  cache.store(connection, arca_stock("SPY", 1), utc(kMonday, 14h));
  // 23:59 in New York is still Monday; 00:00 is Tuesday.
  EXPECT_TRUE(cache.find(connection, "SPY", utc(kMonday, 27h, 59min)));
  EXPECT_FALSE(cache.find(connection, "SPY", utc(kMonday, 28h)));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ContractCache, ANewConnectionDropsEverything) {
  ContractCache cache;
  auto first = std::make_shared<int>(1);
  const auto now = utc(kMonday, 14h);
  cache.store(first, arca_stock("SPY", 1), now);
  auto second = std::make_shared<int>(2);
  EXPECT_FALSE(cache.find(second, "SPY", now));
  EXPECT_FALSE(cache.find(first, "SPY", now));  // not back after the switch either
  cache.store(second, arca_stock("SPY", 1), now);
  first.reset();
  EXPECT_TRUE(cache.find(second, "SPY", now));
}

TEST(ContractCache, UnresolvedAnswersAreNotKept) {
  ContractCache cache;
  auto connection = std::make_shared<int>(1);
  const auto now = utc(kMonday, 14h);
  cache.store(connection, arca_stock("NOPE", 0), now);
  cache.store(connection, arca_stock("", 5), now);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace ep::tws_client
