#include "processor/market_hours.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/fake_clock.hpp"

namespace ep::processor {
namespace {

using ::testing::HasSubstr;

using test::utc;

TradingHours parse_ok(std::string_view hours, std::string_view zone = "US/Eastern") {
  auto parsed = TradingHours::parse(hours, zone);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : TradingHours{};
}

TEST(TradingHours, FirstDayOfDaylightSavingTimeOpensAt1330Utc) {
  // DST began Sunday 2024-03-10: Monday 09:30 EDT (UTC-4) is 13:30Z, 16:00 is 20:00Z.
  const auto hours = parse_ok("20240308:0930-20240308:1600;20240311:0930-20240311:1600");
  ASSERT_EQ(hours.sessions().size(), 2u);
  EXPECT_EQ(hours.sessions()[0].open, utc(2024, 3, 8, 14, 30));  // still EST (UTC-5)
  EXPECT_EQ(hours.sessions()[1].open, utc(2024, 3, 11, 13, 30));
  EXPECT_EQ(hours.sessions()[1].close, utc(2024, 3, 11, 20, 0));
  EXPECT_FALSE(hours.is_open(utc(2024, 3, 11, 13, 29)));
  EXPECT_TRUE(hours.is_open(utc(2024, 3, 11, 13, 30)));
  EXPECT_TRUE(hours.is_open(utc(2024, 3, 11, 19, 59)));
  EXPECT_FALSE(hours.is_open(utc(2024, 3, 11, 20, 0)));  // the close is exclusive
  EXPECT_EQ(hours.next_open(utc(2024, 3, 9, 12, 0)), utc(2024, 3, 11, 13, 30));
}

TEST(TradingHours, EndOfDaylightSavingTimeMovesTheOpenBackTo1430Utc) {
  // DST ended Sunday 2024-11-03.
  const auto hours = parse_ok("20241101:0930-20241101:1600;20241104:0930-20241104:1600");
  EXPECT_EQ(hours.sessions()[0].open, utc(2024, 11, 1, 13, 30));
  EXPECT_EQ(hours.sessions()[1].open, utc(2024, 11, 4, 14, 30));
  EXPECT_EQ(hours.sessions()[1].close, utc(2024, 11, 4, 21, 0));
}

TEST(TradingHours, ClosedDaysAndLeadingSemicolonsAreSkipped) {
  const auto hours =
      parse_ok(";20240703:0930-20240703:1300;;20240704:CLOSED;20240705:0930-20240705:1600;");
  ASSERT_EQ(hours.sessions().size(), 2u);
  EXPECT_FALSE(hours.is_open(utc(2024, 7, 4, 15, 0)));  // Independence Day, 11:00 New York
  EXPECT_EQ(hours.next_open(utc(2024, 7, 4, 15, 0)), utc(2024, 7, 5, 13, 30));
  EXPECT_EQ(hours.sessions()[0].close, utc(2024, 7, 3, 17, 0));  // the half day
}

TEST(TradingHours, FridayEveningWaitsForMonday) {
  const auto hours = parse_ok(
      "20240726:0400-20240726:2000;20240727:CLOSED;20240728:CLOSED;20240729:0400-20240729:2000");
  EXPECT_FALSE(hours.is_open(utc(2024, 7, 27, 0, 30)));
  EXPECT_EQ(hours.next_open(utc(2024, 7, 27, 0, 30)), utc(2024, 7, 29, 8, 0));
  EXPECT_EQ(hours.next_open(utc(2024, 7, 29, 9, 0)), std::nullopt);  // nothing after it
}

TEST(TradingHours, OlderFormatWithRangesAndOvernightSessions) {
  const auto hours = parse_ok("20240722:0930-1200,1300-1600;20240723:2000-0400");
  ASSERT_EQ(hours.sessions().size(), 3u);
  EXPECT_EQ(hours.sessions()[0].close, utc(2024, 7, 22, 16, 0));
  EXPECT_FALSE(hours.is_open(utc(2024, 7, 22, 16, 30)));  // the lunch break
  EXPECT_TRUE(hours.is_open(utc(2024, 7, 22, 17, 30)));
  EXPECT_EQ(hours.sessions()[2].open, utc(2024, 7, 24, 0, 0));
  EXPECT_EQ(hours.sessions()[2].close, utc(2024, 7, 24, 8, 0));  // next day 04:00 EDT
}

TEST(TradingHours, OtherZonesUseTheirOwnRules) {
  const auto london = parse_ok("20240722:0800-20240722:1630", "Europe/London");
  EXPECT_EQ(london.zone_name(), "Europe/London");
  EXPECT_EQ(london.sessions()[0].open, utc(2024, 7, 22, 7, 0));  // BST, UTC+1
}

TEST(TradingHours, EmptyStringHasNoSessions) {
  const auto hours = parse_ok("");
  EXPECT_TRUE(hours.sessions().empty());
  EXPECT_FALSE(hours.is_open(utc(2024, 7, 22, 15, 0)));
  EXPECT_EQ(hours.next_open(utc(2024, 7, 22, 15, 0)), std::nullopt);
}

TEST(TradingHours, RejectsMalformedSegmentsNamingThem) {
  for (const char* bad :
       {"2024072:0930-1600", "20240722:930-1600", "20241322:0930-1600", "20240722",
        "20240722:0930-20240722:0900", "20240722:OPEN", "20240722:0930-2500", "20240722:0960-1600",
        "x;20240722:CLOSED", "20240722:0930-20240722", "20240722:0930-1600,"}) {
    auto parsed = TradingHours::parse(bad, "US/Eastern");
    ASSERT_FALSE(parsed.ok()) << "accepted: " << bad;
    EXPECT_EQ(parsed.error().kind, core::ErrorKind::kInvalidInput);
    EXPECT_THAT(parsed.error().message, HasSubstr("trading hours segment"));
  }
}

TEST(ResolveTimeZone, MapsIbNamesToIanaZones) {
  EXPECT_EQ(resolve_time_zone("US/Eastern"), "America/New_York");
  EXPECT_EQ(resolve_time_zone("EST (Eastern Standard Time)"), "America/New_York");
  EXPECT_EQ(resolve_time_zone("EST"), "America/New_York");
  EXPECT_EQ(resolve_time_zone("US/Central"), "America/Chicago");
  EXPECT_EQ(resolve_time_zone("Asia/Tokyo"), "Asia/Tokyo");
  EXPECT_EQ(resolve_time_zone("Nowhere/Land"), "America/New_York");
  EXPECT_EQ(resolve_time_zone(""), "America/New_York");
}

}  // namespace
}  // namespace ep::processor
