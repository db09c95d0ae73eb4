#include "core/control_characters.hpp"

#include <gtest/gtest.h>

namespace ep::core {
namespace {

TEST(ControlCharacters, C0AndDeleteButNotSpaceOrUtf8) {
  EXPECT_TRUE(is_control_character('\0'));
  EXPECT_TRUE(is_control_character('\n'));
  EXPECT_TRUE(is_control_character(0x1f));
  EXPECT_TRUE(is_control_character(0x7f));
  EXPECT_FALSE(is_control_character(' '));
  EXPECT_FALSE(is_control_character('~'));
  EXPECT_FALSE(is_control_character(0xC3));  // a UTF-8 lead byte
  EXPECT_TRUE(has_control_character(std::string_view("DU1\x1b[2J", 7)));
  EXPECT_TRUE(has_control_character(std::string_view("a\0b", 3)));
  EXPECT_FALSE(has_control_character("Zürich SPY"));
  EXPECT_FALSE(has_control_character(""));
}

}  // namespace
}  // namespace ep::core
