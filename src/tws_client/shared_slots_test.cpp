#include "tws_client/shared_slots.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "tws_client/pacer.hpp"

namespace ep::tws_client {
namespace {

using namespace std::chrono_literals;

core::MessageGrant grant(int granted, int sharers = 1) {
  return core::MessageGrant{.granted = granted, .sharers = sharers};
}

TEST(SharedSlots, AHeldSlotIsUsedOnlyWithinItsValidity) {
  SharedSlots slots({.validity = 20ms});
  const SteadyTime t0{};
  EXPECT_FALSE(slots.take_held(t0));
  slots.granted(t0, grant(2));
  EXPECT_TRUE(slots.take_held(t0 + 19ms));
  EXPECT_FALSE(slots.take_held(t0 + 20ms)) << "a slot used after its validity may overrun";
}

TEST(SharedSlots, TheBatchDoublesWhileEverySlotIsUsedAtOnceUpToTheMaximum) {
  SharedSlots slots({.validity = 20ms, .max_batch = 4});
  SteadyTime now{};
  std::vector<int> asked;
  for (int round = 0; round < 4; ++round) {
    const int want = slots.wanted(now);
    asked.push_back(want);
    slots.granted(now, grant(want));
    while (slots.take_held(now)) now += 1ms;
  }
  EXPECT_EQ(asked, (std::vector<int>{1, 2, 4, 4}));
}

TEST(SharedSlots, SlotsThatExpiredUnusedShrinkTheBatchToWhatWasUsed) {
  SharedSlots slots({.validity = 20ms, .max_batch = 8});
  SteadyTime now{};
  for (int round = 0; round < 3; ++round) {
    slots.granted(now, grant(slots.wanted(now)));
    while (slots.take_held(now)) now += 1ms;
  }
  ASSERT_EQ(slots.wanted(now), 8);
  slots.granted(now, grant(8));
  ASSERT_TRUE(slots.take_held(now));
  ASSERT_TRUE(slots.take_held(now));
  now += 50ms;  // six slots expire unused
  EXPECT_EQ(slots.wanted(now), 2);
}

TEST(SharedSlots, AllUsedButWantedOnlyLaterKeepsTheBatch) {
  SharedSlots slots({.validity = 20ms, .max_batch = 8});
  SteadyTime now{};
  slots.granted(now, grant(slots.wanted(now)));
  ASSERT_TRUE(slots.take_held(now));
  now += 500ms;
  EXPECT_EQ(slots.wanted(now), 1);
}

TEST(SharedSlots, FallbackRateIsTheBoundDividedByTheLastSharersAndAtLeastOne) {
  SharedSlots slots({.messages_per_second = 50});
  EXPECT_EQ(slots.fallback_rate(), 50);
  slots.granted(SteadyTime{}, grant(1, 4));
  EXPECT_EQ(slots.fallback_rate(), 12);
  slots.granted(SteadyTime{}, grant(1, 80));
  EXPECT_EQ(slots.fallback_rate(), 1);
}

TEST(SharedSlots, UnreachableDropsHeldSlotsAndPacesLocallyForAWhile) {
  SharedSlots slots({.fallback_for = 1s});
  const SteadyTime t0{};
  slots.granted(t0, grant(3));
  slots.unreachable(t0 + 1ms);
  EXPECT_FALSE(slots.take_held(t0 + 2ms));
  EXPECT_TRUE(slots.in_fallback(t0 + 500ms));
  EXPECT_FALSE(slots.in_fallback(t0 + 1001ms));
}

// A budget in memory: grants from a fixed sequence of answers, records what was asked.
class ScriptedBudget final : public core::MessageBudget {
 public:
  void answer(core::Result<core::MessageGrant> next) {
    std::lock_guard lock(mu_);
    answers_.push_back(std::move(next));
  }
  core::Result<core::MessageGrant> take(int wanted) override {
    std::lock_guard lock(mu_);
    asked.push_back(wanted);
    if (answers_.empty()) return core::unavailable("budget: no answer scripted");
    auto next = answers_.front();
    answers_.pop_front();
    return next;
  }
  std::string describe() const override { return "scripted"; }
  std::vector<int> asked;

 private:
  std::mutex mu_;
  std::deque<core::Result<core::MessageGrant>> answers_;
};

TEST(SharedPacer, SendsOnlyWithASlotOfTheBudget) {
  auto budget = std::make_shared<ScriptedBudget>();
  budget->answer(core::MessageGrant{.granted = 0, .retry_after = 100ms, .sharers = 2});
  budget->answer(grant(1, 2));
  Pacer pacer(50, 0ms, budget, 20ms);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(pacer.acquire(start + 5s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms) << "waited for the budget's slot";
  EXPECT_EQ(budget->asked, (std::vector<int>{1, 1}));
  EXPECT_EQ(pacer.waits(), 1);
}

TEST(SharedPacer, GivesUpWhenTheBudgetFreesNoSlotBeforeTheDeadline) {
  auto budget = std::make_shared<ScriptedBudget>();
  budget->answer(core::MessageGrant{.granted = 0, .retry_after = 5s});
  Pacer pacer(50, 0ms, budget, 20ms);
  EXPECT_FALSE(pacer.acquire(std::chrono::steady_clock::now() + 100ms));
}

TEST(SharedPacer, AnUnreachableBudgetFallsBackToTheBoundOverTheLastSharers) {
  auto budget = std::make_shared<ScriptedBudget>();
  budget->answer(grant(1, 25));  // 50 / 25 = 2 messages per second alone
  Pacer pacer(50, 0ms, budget, 20ms);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(pacer.acquire(start + 5s));
  // No answer scripted: unreachable. Two messages go out at once, the third waits a window.
  ASSERT_TRUE(pacer.acquire(start + 5s));
  ASSERT_TRUE(pacer.acquire(start + 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);
  EXPECT_EQ(pacer.budget_failures(), 1);
  ASSERT_TRUE(pacer.acquire(start + 5s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1000ms);
}

TEST(SharedSlots, OneLateAnswerIsAskedAgainOnlySeveralInARowCountAsUnreachable) {
  SharedSlots slots({.max_late_answers = 3});
  EXPECT_FALSE(slots.late_answer());
  EXPECT_FALSE(slots.late_answer());
  slots.granted(SteadyTime{}, grant(1));  // a usable answer ends the run
  EXPECT_FALSE(slots.late_answer());
  EXPECT_FALSE(slots.late_answer());
  EXPECT_TRUE(slots.late_answer());
}

TEST(SharedPacer, AnswersLaterThanTheSlotsValidityAreAskedAgainThenCountAsUnreachable) {
  auto budget = std::make_shared<ScriptedBudget>();
  for (int i = 0; i < 3; ++i) budget->answer(grant(4));
  Pacer pacer(50, 0ms, budget, 0ms);  // no answer can come back in time
  ASSERT_TRUE(pacer.acquire(std::chrono::steady_clock::now() + 5s)) << "local pacing sends";
  EXPECT_EQ(budget->asked.size(), 3u) << "a late answer is asked again, three in a row fail";
  EXPECT_EQ(pacer.budget_failures(), 1);
  ASSERT_TRUE(pacer.acquire(std::chrono::steady_clock::now() + 5s));
  EXPECT_EQ(budget->asked.size(), 3u) << "not asked again within the fallback second";
}

TEST(SharedPacer, NeverExceedsTheLocalLimitWhateverTheBudgetGrants) {
  auto budget = std::make_shared<ScriptedBudget>();
  for (int i = 0; i < 4; ++i) budget->answer(grant(4));
  Pacer pacer(2, 0ms, budget, 20ms);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(pacer.acquire(start + 5s));
  ASSERT_TRUE(pacer.acquire(start + 5s));
  EXPECT_FALSE(pacer.acquire(start + 200ms)) << "the local window allows 2 per second";
}

}  // namespace
}  // namespace ep::tws_client
