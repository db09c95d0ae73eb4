#include "redis_queue/score_text.hpp"

#include <gtest/gtest.h>

namespace ep::redis_queue {
namespace {

TEST(ScoreText, KeepsMicrosecondsWithoutTrailingZeros) {
  EXPECT_EQ(format_score(1753018308.123456), "1753018308.123456");
  EXPECT_EQ(format_score(1753018308.0), "1753018308");
  EXPECT_EQ(format_score(-60.5), "-60.5");
}

}  // namespace
}  // namespace ep::redis_queue
