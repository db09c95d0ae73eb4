#include "core/iso_time.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace ep::core {
namespace {

using namespace std::chrono;

Timestamp utc(int y, unsigned m, unsigned d, int hh, int mm, int ss, int us = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss} +
                   microseconds{us}};
}

TEST(IsoTime, FormatsLikePythonIsoformatInUtc) {
  EXPECT_EQ(format_iso_time(utc(2025, 7, 20, 13, 31, 48, 123456)),
            "2025-07-20T13:31:48.123456+00:00");
  EXPECT_EQ(format_iso_time(utc(1999, 12, 31, 0, 0, 0)), "1999-12-31T00:00:00.000000+00:00");
}

TEST(IsoTime, ParsesTheOriginalsFormatAndVariants) {
  const auto expected = utc(2025, 7, 20, 13, 31, 48, 123456);
  EXPECT_EQ(parse_iso_time("2025-07-20T13:31:48.123456+00:00"), expected);
  EXPECT_EQ(parse_iso_time("2025-07-20T13:31:48.123456Z"), expected);
  EXPECT_EQ(parse_iso_time("2025-07-20 13:31:48.123456"), expected);
  EXPECT_EQ(parse_iso_time("2025-07-20T15:31:48.123456+02:00"), expected);
  EXPECT_EQ(parse_iso_time("2025-07-20T09:31:48.123456-0400"), expected);
  EXPECT_EQ(parse_iso_time("2025-07-20T13:31:48.123456789+00"), expected);  // ns truncated
  EXPECT_EQ(parse_iso_time("2025-07-20T13:31:48"), utc(2025, 7, 20, 13, 31, 48));
  EXPECT_EQ(parse_iso_time("2024-02-29T00:00:00.5Z"), utc(2024, 2, 29, 0, 0, 0, 500000));
}

TEST(IsoTime, RoundTrips) {
  const auto time = utc(2026, 11, 27, 10, 47, 24, 987654);
  EXPECT_EQ(parse_iso_time(format_iso_time(time)), time);
}

TEST(IsoTime, RefusesMalformedText) {
  for (const char* text :
       {"", "2025", "2025-07-20", "2025-07-20T13:31", "2025-13-01T00:00:00Z",
        "2025-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2025-07-20T24:00:00Z",
        "2025-07-20T13:61:00Z", "2025-07-20T13:31:48.Z", "2025-07-20T13:31:48+0",
        "2025-07-20T13:31:48+25:00", "2025-07-20T13:31:48Zjunk", "2025-07-20X13:31:48",
        "2025-0a-20T13:31:48", "2025-07-20T13:31:48.1234567890Z", "not a time"}) {
    EXPECT_FALSE(parse_iso_time(text).has_value()) << text;
  }
}

TEST(IsoTime, ScoresKeepMicroseconds) {
  const auto time = utc(2025, 7, 20, 13, 31, 48, 123456);
  EXPECT_DOUBLE_EQ(to_unix_seconds(time), 1753018308.123456);
  EXPECT_EQ(from_unix_seconds(to_unix_seconds(time)), time);
}

TEST(IsoTime, ScoresRoundToTheMicrosecond) {
  EXPECT_EQ(format_iso_time(from_unix_seconds(0)), "1970-01-01T00:00:00.000000+00:00");
  EXPECT_EQ(format_iso_time(from_unix_seconds(1721482308.123456)),
            "2024-07-20T13:31:48.123456+00:00");
  EXPECT_EQ(format_iso_time(from_unix_seconds(1721482308.9999996)),
            "2024-07-20T13:31:49.000000+00:00");
}

TEST(IsoTime, ScoresNoTimestampHoldsAreClamped) {
  EXPECT_EQ(from_unix_seconds(std::numeric_limits<double>::quiet_NaN()), Timestamp{});
  EXPECT_EQ(format_iso_time(from_unix_seconds(1e300)), "2261-07-15T11:33:20.000000+00:00");
  EXPECT_EQ(format_iso_time(from_unix_seconds(-std::numeric_limits<double>::infinity())),
            "1678-06-18T12:26:40.000000+00:00");
}

}  // namespace
}  // namespace ep::core
