// The one receive loop of the client's calls, on a plain Mailbox: it ends when the call is
// done, at the deadline (taking what already arrived, never waiting longer) or on a lost
// connection, asks the call again at each early wake, and the cut-short rule gives orders in
// flight an unknown outcome and read-only questions `unavailable`.
#include "tws_client/receive_loop.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ep::tws_client {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(ReceiveLoop, EndsDoneWithoutWaitingOnceTheCallIsDone) {
  Mailbox mailbox;
  int handled = 0;
  const auto end = receive_until(
      mailbox, Clock::now() + 60s, [] { return true; }, [&](const tws::Incoming&) { ++handled; });
  EXPECT_EQ(end.why(), ReceiveEnd::Why::kDone);
  EXPECT_EQ(handled, 0);
}

TEST(ReceiveLoop, HandsEveryMessageOverUntilDone) {
  Mailbox mailbox;
  mailbox.post(tws::TickSnapshotEnd{1});
  mailbox.post(tws::TickSnapshotEnd{2});
  std::vector<int> seen;
  const auto end = receive_until(
      mailbox, Clock::now() + 60s, [&] { return seen.size() == 2; },
      [&](const tws::Incoming& message) {
        seen.push_back(std::get<tws::TickSnapshotEnd>(message).req_id);
      });
  EXPECT_EQ(end.why(), ReceiveEnd::Why::kDone);
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));
}

TEST(ReceiveLoop, EndsAtTheDeadlineAndNoLater) {
  Mailbox mailbox;
  const auto start = Clock::now();
  const auto deadline = start + 100ms;
  const auto end = receive_until(
      mailbox, deadline, [] { return false; }, [](const tws::Incoming&) {});
  const auto ended = Clock::now();
  EXPECT_EQ(end.why(), ReceiveEnd::Why::kDeadline);
  EXPECT_GE(ended, deadline);
  EXPECT_LT(ended - start, 5s);  // slack for a loaded, sanitized run; a lost wake would hang
}

TEST(ReceiveLoop, TakesWhatAlreadyArrivedEvenPastTheDeadline) {
  Mailbox mailbox;
  mailbox.post(tws::TickSnapshotEnd{1});
  int handled = 0;
  const auto end = receive_until(
      mailbox, Clock::now() - 1ms, [] { return false; }, [&](const tws::Incoming&) { ++handled; });
  EXPECT_EQ(end.why(), ReceiveEnd::Why::kDeadline);
  EXPECT_EQ(handled, 1);
}

TEST(ReceiveLoop, ALostConnectionEndsTheLoopWithItsReason) {
  Mailbox mailbox;
  mailbox.post(tws::TickSnapshotEnd{1});
  mailbox.post_lost(core::unavailable("socket closed"));
  mailbox.post(tws::TickSnapshotEnd{2});
  int handled = 0;
  const auto end = receive_until(
      mailbox, Clock::now() + 60s, [] { return false; }, [&](const tws::Incoming&) { ++handled; });
  EXPECT_TRUE(end.connection_lost());
  EXPECT_EQ(end.lost_reason(), "socket closed");
  EXPECT_EQ(handled, 1);  // what came before the loss, nothing after it
}

TEST(ReceiveLoop, AnEarlyWakeAsksTheCallAgainBeforeTheDeadline) {
  Mailbox mailbox;
  int asked = 0;
  const auto deadline = Clock::now() + 60s;
  const auto end = receive_until(
      mailbox, deadline,
      [&]() -> std::optional<Deadline> {
        if (++asked == 3) return std::nullopt;  // e.g. a grace period ran out
        return Clock::now() + 10ms;
      },
      [](const tws::Incoming&) {});
  EXPECT_EQ(end.why(), ReceiveEnd::Why::kDone);
  EXPECT_EQ(asked, 3);
  EXPECT_LT(Clock::now(), deadline);
}

TEST(ReceiveLoop, AWakeLaterThanTheDeadlineIsCutToIt) {
  Mailbox mailbox;
  const auto start = Clock::now();
  const auto end = receive_until(
      mailbox, start + 50ms, [&]() -> std::optional<Deadline> { return start + 60s; },
      [](const tws::Incoming&) {});
  EXPECT_EQ(end.why(), ReceiveEnd::Why::kDeadline);
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(ReceiveLoop, CutShortOrdersAreAnUnknownOutcomeQuestionsUnavailable) {
  EXPECT_EQ(cut_short(InFlight::kOrders, "2 of 2 cancellations unconfirmed").kind,
            core::ErrorKind::kUnknownOutcome);
  EXPECT_EQ(cut_short(InFlight::kReadOnly, "open orders incomplete").kind,
            core::ErrorKind::kUnavailable);
}

TEST(ReceiveLoop, WordsNameTheLostConnectionOrTheDeadline) {
  EXPECT_EQ(ReceiveEnd::lost("socket closed").words("SPY", "no price for SPY before the deadline"),
            "SPY: socket closed");
  EXPECT_EQ(ReceiveEnd::deadline().words("SPY", "no price for SPY before the deadline"),
            "no price for SPY before the deadline");
}

TEST(ReceiveLoop, DropQueuedKeepsOnlyALostConnection) {
  Mailbox mailbox;
  mailbox.post(tws::OpenOrderEnd{});
  EXPECT_FALSE(drop_queued(mailbox).has_value());
  EXPECT_FALSE(mailbox.take(Clock::now()).has_value());  // dropped
  mailbox.post(tws::OpenOrderEnd{});
  mailbox.post_lost(core::unavailable("socket closed"));
  const auto lost = drop_queued(mailbox);
  ASSERT_TRUE(lost.has_value());
  EXPECT_EQ(lost->lost_reason(), "socket closed");
}

}  // namespace
}  // namespace ep::tws_client
