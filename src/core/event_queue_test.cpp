#include "core/event_queue.hpp"

#include <gtest/gtest.h>

namespace ep::core {
namespace {

TEST(OutcomeStatus, NamesRoundTrip) {
  for (const auto status : kOutcomeStatuses) {
    EXPECT_EQ(parse_outcome_status(to_string(status)), status);
  }
  EXPECT_EQ(to_string(OutcomeStatus::kMarketClosed), "market_closed");
  EXPECT_EQ(to_string(OutcomeStatus::kDeadLetter), "dead_letter");
  EXPECT_FALSE(parse_outcome_status("Done").has_value());
  EXPECT_FALSE(parse_outcome_status("").has_value());
}

}  // namespace
}  // namespace ep::core
