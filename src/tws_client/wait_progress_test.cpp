// WaitBoard and WaitReport: what a broker wait shows (text, since, waited, limit) and the
// progress line it logs while it lasts.
#include "tws_client/wait_progress.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "logging/log.hpp"

namespace ep::tws_client {
namespace {

using namespace std::chrono_literals;

TEST(WaitProgress, TheBoardShowsTheWaitWhileTheReportLivesAndDescribesIt) {
  WaitBoard board;
  EXPECT_FALSE(board.current().has_value());
  const auto before = std::chrono::system_clock::now();
  {
    WaitReport report(&board, std::chrono::steady_clock::now() + 60s);
    report.update("fills of 2 sells");
    const auto wait = board.current();
    ASSERT_TRUE(wait.has_value());
    EXPECT_EQ(wait->what, "fills of 2 sells");
    EXPECT_GE(wait->since, before);
    EXPECT_EQ(std::chrono::round<std::chrono::seconds>(wait->limit), 60s);
    EXPECT_EQ(core::describe(*wait), "fills of 2 sells, 0 s of 60 s");
    report.update("fills of 1 sell");
    EXPECT_EQ(board.current()->what, "fills of 1 sell");
    EXPECT_EQ(board.current()->since, wait->since);  // the same wait
  }
  EXPECT_FALSE(board.current().has_value());
  EXPECT_EQ(core::describe({"fills of 1 buy", {}, 1500ms, 59999ms}), "fills of 1 buy, 1 s of 60 s");
}

TEST(WaitProgress, AProgressLineIsDueEveryPeriodAndTheWakeComesNoLaterThanIt) {
  ASSERT_TRUE(log::setup("INFO"));
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  {
    WaitReport quiet(nullptr, deadline, 1h);
    ::testing::internal::CaptureStderr();
    quiet.update("fills of 1 sell");  // a short wait says nothing
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
    EXPECT_EQ(quiet.wake(deadline), deadline);  // before the next line is due
    const auto far = deadline + 2h;
    EXPECT_LT(quiet.wake(far), far);  // the next line comes first (in 1 h)
    EXPECT_GT(quiet.wake(far), deadline);
  }
  WaitReport due(nullptr, deadline, 0ms);
  ::testing::internal::CaptureStderr();
  due.update("fills of 3 buys");
  const auto line = nlohmann::json::parse(::testing::internal::GetCapturedStderr());
  EXPECT_EQ(line["message"], "waiting");
  EXPECT_EQ(line["waiting_for"], "fills of 3 buys, 0 s of 60 s");
  EXPECT_EQ(line["limit_ms"].get<std::int64_t>() / 1000, 59);
}

}  // namespace
}  // namespace ep::tws_client
