#include "sim/hours.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

namespace ep::sim {
namespace {

constexpr const char* kNy = "America/New_York";

// 2026-11-27 is a Friday; New York is on EST (UTC-5) then.
TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

TEST(Hours, RegularLiquidSessionsForAWeekInNewYork) {
  auto rule = parse_hours("regular", SessionKind::kLiquid, utc(2026, 11, 27, 15, 0));
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(
      session_string(*rule, utc(2026, 11, 27, 15, 0), kNy, 4),
      "20261127:0930-20261127:1600;20261128:CLOSED;20261129:CLOSED;20261130:0930-20261130:1600");
  EXPECT_TRUE(is_open(*rule, utc(2026, 11, 27, 14, 30), kNy));   // 09:30 EST
  EXPECT_FALSE(is_open(*rule, utc(2026, 11, 27, 14, 29), kNy));  // 09:29 EST
  EXPECT_FALSE(is_open(*rule, utc(2026, 11, 27, 21, 0), kNy));   // 16:00 EST
  EXPECT_FALSE(is_open(*rule, utc(2026, 11, 28, 15, 0), kNy));   // Saturday
}

TEST(Hours, RegularHoursFollowDaylightSavingTime) {
  auto rule = parse_hours("regular", SessionKind::kLiquid, utc(2026, 7, 1, 0, 0));
  ASSERT_TRUE(rule.ok());
  EXPECT_TRUE(is_open(*rule, utc(2026, 7, 1, 13, 30), kNy));  // 09:30 EDT
  EXPECT_FALSE(is_open(*rule, utc(2026, 7, 1, 13, 29), kNy));
}

TEST(Hours, TradingRegularIsExtendedHours) {
  auto rule = parse_hours("regular", SessionKind::kTrading, utc(2026, 11, 27, 15, 0));
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(session_string(*rule, utc(2026, 11, 27, 15, 0), kNy, 1), "20261127:0400-20261127:2000");
  EXPECT_TRUE(is_open(*rule, utc(2026, 11, 27, 9, 0), kNy));  // 04:00 EST
}

TEST(Hours, AlwaysAndClosed) {
  auto now = utc(2026, 11, 27, 3, 0);  // 22:00 on the 26th in New York
  auto always = parse_hours("always", SessionKind::kTrading, now);
  auto closed = parse_hours("closed", SessionKind::kTrading, now);
  ASSERT_TRUE(always.ok() && closed.ok());
  EXPECT_EQ(session_string(*always, now, kNy, 2),
            "20261126:0000-20261127:0000;20261127:0000-20261128:0000");
  EXPECT_EQ(session_string(*closed, now, kNy, 2), "20261126:CLOSED;20261127:CLOSED");
  EXPECT_TRUE(is_open(*always, now, kNy));
  EXPECT_FALSE(is_open(*closed, now, kNy));
}

TEST(Hours, RelativeWindowOpensLaterAndRoundsInwards) {
  auto now = utc(2026, 11, 27, 15, 0, 30);  // 10:00:30 EST
  auto rule = parse_hours("now+5s", SessionKind::kLiquid, now);
  ASSERT_TRUE(rule.ok());
  EXPECT_FALSE(is_open(*rule, now, kNy));
  EXPECT_TRUE(is_open(*rule, now + std::chrono::seconds{5}, kNy));
  // Opens at 10:00:35 -> shown from 10:01.
  EXPECT_EQ(session_string(*rule, now, kNy, 2),
            "20261127:1001-20261128:0000;20261128:0000-20261129:0000");
}

TEST(Hours, BadTextIsAnError) {
  auto now = utc(2026, 11, 27, 15, 0);
  EXPECT_FALSE(parse_hours("sometimes", SessionKind::kLiquid, now).ok());
  EXPECT_FALSE(parse_hours("16:00-09:30", SessionKind::kLiquid, now).ok());
  EXPECT_FALSE(parse_relative_time("now+5x", now).ok());
  EXPECT_FALSE(parse_relative_time("now+", now).ok());
  EXPECT_FALSE(check_time_zone("Mars/Olympus").ok());
  auto custom = parse_hours("10:00-11:30", SessionKind::kLiquid, now);
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(session_string(*custom, now, kNy, 1), "20261127:1000-20261127:1130");
}

}  // namespace
}  // namespace ep::sim
