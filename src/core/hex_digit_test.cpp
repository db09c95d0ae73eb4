#include "core/hex_digit.hpp"

#include <gtest/gtest.h>

namespace ep::core {
namespace {

TEST(HexDigit, BothCasesAndNothingElse) {
  EXPECT_EQ(hex_digit_value('0'), 0);
  EXPECT_EQ(hex_digit_value('9'), 9);
  EXPECT_EQ(hex_digit_value('a'), 10);
  EXPECT_EQ(hex_digit_value('F'), 15);
  for (char c : {'g', 'G', '/', ':', '@', '`', ' ', '\0', '%'}) {
    EXPECT_EQ(hex_digit_value(c), -1) << int(c);
  }
  static_assert(hex_digit_value('c') == 12);
}

}  // namespace
}  // namespace ep::core
