#include "core/json_limits.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ep::core {
namespace {

std::string nested(char open, char close, std::size_t depth) {
  return std::string(depth, open) + std::string(depth, close);
}

TEST(JsonLimits, DepthOfFlatValuesIsZero) {
  EXPECT_EQ(json_nesting_depth("1"), 0u);
  EXPECT_EQ(json_nesting_depth("\"x\""), 0u);
  EXPECT_EQ(json_nesting_depth(""), 0u);
}

TEST(JsonLimits, CountsArraysAndObjects) {
  EXPECT_EQ(json_nesting_depth(nested('[', ']', 5)), 5u);
  EXPECT_EQ(json_nesting_depth(R"({"a":{"b":[1,{"c":[]}]}})"), 5u);
  EXPECT_EQ(json_nesting_depth(R"([[1],[2],[3]])"), 2u);  // siblings do not add up
}

TEST(JsonLimits, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(json_nesting_depth(R"({"a":"[[[[{{{{"})"), 1u);
  EXPECT_EQ(json_nesting_depth(R"(["]]]]", [1]])"), 2u);
}

TEST(JsonLimits, EscapedQuotesKeepTheStringOpen) {
  // The \" does not end the string, so the brackets after it are still text.
  EXPECT_EQ(json_nesting_depth(R"(["a\"[[[[", 1])"), 1u);
  // An escaped backslash before the quote does end it: the [ after it counts.
  EXPECT_EQ(json_nesting_depth(R"(["a\\", [2]])"), 2u);
}

TEST(JsonLimits, ExactlyAtTheLimitPassesOneMoreFails) {
  const JsonLimits limits{64, 1024 * 1024};
  EXPECT_EQ(check_json_limits(nested('[', ']', 64), limits), std::nullopt);
  const auto too_deep = check_json_limits(nested('[', ']', 65), limits);
  ASSERT_TRUE(too_deep.has_value());
  EXPECT_EQ(*too_deep, "JSON nested deeper than 64 levels");
  EXPECT_EQ(check_json_limits(nested('{', '}', 65), limits),
            std::optional<std::string>("JSON nested deeper than 64 levels"));
}

TEST(JsonLimits, DeepBombsAreReportedWithoutRecursion) {
  // Deeper than any stack could hold for a recursive parser.
  const std::string arrays = std::string(1'000'000, '[');
  EXPECT_EQ(check_json_limits(arrays, kEventJsonLimits),
            std::optional<std::string>("JSON nested deeper than 64 levels"));
  std::string objects;
  for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
  EXPECT_TRUE(check_json_limits(objects, kRequestJsonLimits).has_value());
  EXPECT_GT(json_nesting_depth(objects), 99'999u);
}

TEST(JsonLimits, SizeLimitIsExact) {
  const JsonLimits limits{64, 10};
  EXPECT_EQ(check_json_limits("[1,2,3,44]", limits), std::nullopt);  // 10 bytes
  EXPECT_EQ(check_json_limits("[1,2,3,444]", limits),
            std::optional<std::string>("JSON larger than 10 bytes"));
}

TEST(JsonLimits, UnbalancedClosersDoNotHideDepth) {
  EXPECT_EQ(json_nesting_depth("]]]]]" + nested('[', ']', 3)), 3u);
}

}  // namespace
}  // namespace ep::core
