#include "core/result.hpp"

#include <gtest/gtest.h>

namespace ep::core {
namespace {

Result<int> parse_positive(int value) {
  if (value <= 0) return invalid_input("must be positive");
  return value;
}

TEST(Result, CarriesValueOrError) {
  auto good = parse_positive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(bad.error().message, "must be positive");
}

TEST(Result, VoidResult) {
  Result<void> fine = success();
  EXPECT_TRUE(fine.ok());
  Result<void> failed = unknown_outcome("order 7 may be live");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(to_string(failed.error().kind), "unknown_outcome");
}

}  // namespace
}  // namespace ep::core
