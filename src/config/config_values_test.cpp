#include "config/config_values.hpp"

#include <gtest/gtest.h>

namespace ep::config {
namespace {

TEST(ParseInteger, AcceptsDecimalsInRange) {
  EXPECT_EQ(*parse_integer("6379", 1, 65535), 6379);
  EXPECT_EQ(*parse_integer("+5", 0, 10), 5);
  EXPECT_EQ(*parse_integer("-3", -5, 5), -3);
  EXPECT_EQ(*parse_integer("1", 1, 1), 1);
}

TEST(ParseInteger, RefusesJunkAndOutOfRange) {
  for (const char* text : {"", "abc", "3.5", "1e3", "0x10", " 5", "5 ", "99999999999999999999"}) {
    const auto value = parse_integer(text, 0, 100000);
    ASSERT_FALSE(value.ok()) << text;
    EXPECT_NE(value.error().message.find("must be an integer"), std::string::npos) << text;
  }
  const auto high = parse_integer("70000", 1, 65535);
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().message, "must be 1..65535, got '70000'");
  EXPECT_FALSE(parse_integer("0", 1, 65535).ok());
}

TEST(ParseNumber, AcceptsFiniteNumbersInRange) {
  EXPECT_DOUBLE_EQ(*parse_number("2.5", 0, 100), 2.5);
  EXPECT_DOUBLE_EQ(*parse_number("100", 0, 100), 100);
  EXPECT_DOUBLE_EQ(*parse_number("1e2", 0, 100), 100);
}

TEST(ParseNumber, RefusesJunkNanAndOutOfRange) {
  for (const char* text : {"", "x", "nan", "inf", "1e400", "5%"}) {
    EXPECT_FALSE(parse_number(text, 0, 1e9).ok()) << text;
  }
  const auto high = parse_number("150", 0, 100);
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().message, "must be 0..100, got '150'");
  EXPECT_FALSE(parse_number("-0.5", 0, 100).ok());
}

TEST(ParseBoolean, AcceptsTheUsualSpellings) {
  for (const char* text : {"true", "TRUE", "True", "1", "yes", "YES", "on"}) {
    EXPECT_TRUE(*parse_boolean(text)) << text;
  }
  for (const char* text : {"false", "False", "0", "no", "off"}) {
    EXPECT_FALSE(*parse_boolean(text)) << text;
  }
  for (const char* text : {"", "2", "truee", "y", "enabled"}) {
    const auto value = parse_boolean(text);
    ASSERT_FALSE(value.ok()) << text;
    EXPECT_NE(value.error().message.find("must be true/false"), std::string::npos);
  }
}

TEST(Quoted, CutsAndCleans) {
  EXPECT_EQ(quote_value("abc"), "'abc'");
  EXPECT_EQ(quote_value("a\nb"), "'a?b'");
  // A NUL between two words does not join them into a phrase the value never held (the config
  // fuzz target found an error message that spelled a secret this way).
  EXPECT_EQ(quote_value(std::string("fake secret\0"
                                    "77a2",
                                    16)),
            "'fake secret?77a2'");
  EXPECT_EQ(quote_value(std::string(100, 'x')), "'" + std::string(60, 'x') + "...'");
}

}  // namespace
}  // namespace ep::config
