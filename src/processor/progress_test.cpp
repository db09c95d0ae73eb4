// The running event's progress: the status board shows the command's phase while it runs (the
// health answer and the status page read it), and every line logged on the processor thread
// during the event names the event and the account (the broker's order lines among them).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "logging/log.hpp"
#include "processor/phases.hpp"
#include "processor/status.hpp"
#include "processor/testing/test_world.hpp"

namespace ep::processor {
namespace {

using testing::event_json;
using testing::kAccount;
using testing::World;

// The fake broker, and a look at the processor from inside place_orders (as the broker's own
// wait loop runs there).
class PeekingBroker final : public core::Broker {
 public:
  explicit PeekingBroker(core::Broker& inner) : inner_(inner) {}
  const Processor* processor = nullptr;
  std::optional<ProcessorStatus> seen;
  std::string logged;

  core::Result<std::vector<std::string>> managed_accounts(core::Deadline d) override {
    return inner_.managed_accounts(d);
  }
  core::Result<core::AccountSnapshot> account_snapshot(const std::string& a,
                                                       core::Deadline d) override {
    return inner_.account_snapshot(a, d);
  }
  std::vector<core::Result<core::ContractInfo>> contract_details(std::span<const core::Symbol> s,
                                                                 core::Deadline d) override {
    return inner_.contract_details(s, d);
  }
  std::vector<core::Result<core::Quote>> prices(std::span<const core::ContractInfo> c,
                                                core::Deadline d) override {
    return inner_.prices(c, d);
  }
  std::vector<core::Result<core::WhatIfResult>> what_if(std::span<const core::OrderRequest> o,
                                                        core::Deadline d) override {
    return inner_.what_if(o, d);
  }
  std::vector<core::OrderOutcome> place_orders(std::span<const core::OrderRequest> o,
                                               core::Deadline d) override {
    if (!seen) {
      seen = processor->status();
      ::testing::internal::CaptureStderr();
      log::info("order sent by the broker");
      logged = ::testing::internal::GetCapturedStderr();
    }
    return inner_.place_orders(o, d);
  }
  core::Result<std::size_t> cancel_open_orders(const std::string& a, core::Deadline d) override {
    return inner_.cancel_open_orders(a, d);
  }
  core::Result<std::size_t> cancel_orders(const std::string& a, std::span<const std::int64_t> ids,
                                          core::Deadline d) override {
    return inner_.cancel_orders(a, ids, d);
  }
  core::Result<std::vector<core::OpenOrder>> open_orders(core::Deadline d) override {
    return inner_.open_orders(d);
  }
  core::Result<void> await_orders_done(const std::string& a, std::span<const std::string> r,
                                       core::Deadline d) override {
    return inner_.await_orders_done(a, r, d);
  }
  core::Result<std::vector<core::Execution>> executions_today(const std::string& a,
                                                              core::Deadline d) override {
    return inner_.executions_today(a, d);
  }
  core::BrokerStatus status() const override { return inner_.status(); }

 private:
  core::Broker& inner_;
};

TEST(Progress, TheBoardShowsThePhaseWhileTheCommandRunsAndLinesNameTheEvent) {
  ASSERT_TRUE(log::setup("INFO"));
  World world;
  PeekingBroker broker(world.broker);
  Processor processor(world.queue, broker, world.allocations, world.clock, world.settings);
  broker.processor = &processor;

  const auto decision = processor.handle(core::QueuedEvent{event_json("e-progress", "rebalance")});
  ASSERT_EQ(decision.outcome.status, core::OutcomeStatus::kDone) << decision.outcome.error;
  ASSERT_TRUE(broker.seen.has_value());
  ASSERT_TRUE(broker.seen->current.has_value());
  EXPECT_EQ(broker.seen->current->event_id, "e-progress");
  EXPECT_EQ(broker.seen->current->phase, "buys");  // no position to sell: the buys run
  const auto json = to_json(*broker.seen);
  EXPECT_EQ(json["current_event"]["phase"], "buys");
  EXPECT_TRUE(json["current_event"]["phase_since"].is_string());

  const auto line = nlohmann::json::parse(broker.logged);
  EXPECT_EQ(line["event_id"], "e-progress");
  EXPECT_EQ(line["account_id"], kAccount);

  // Afterwards: no running event, and this thread's lines name no event any more.
  EXPECT_FALSE(processor.status().current.has_value());
  EXPECT_TRUE(to_json(processor.status())["current_event"].is_null());
  ::testing::internal::CaptureStderr();
  log::info("between events");
  const auto after = nlohmann::json::parse(::testing::internal::GetCapturedStderr());
  EXPECT_FALSE(after.contains("event_id"));
  // The outcome keeps the allocation API's weights (the status page's holdings chart).
  EXPECT_EQ(nlohmann::json::parse(decision.outcome.result)["targets"],
            (nlohmann::json{{"SPY", 0.6}, {"TLT", 0.4}}));
}

TEST(Progress, PhasesTellTheirObserverAndTheBoardIgnoresAPhaseWithoutEvent) {
  test::FakeClock clock;
  std::vector<std::pair<std::string, std::int64_t>> out;
  std::vector<std::string> heard;
  {
    Phases phases(clock, out, [&](const std::string& phase) { heard.push_back(phase); });
    phases.begin("account");
    phases.begin("prices");
    phases.begin("account");
  }
  EXPECT_EQ(heard, (std::vector<std::string>{"account", "prices", "account"}));
  EXPECT_EQ(out.size(), 2u);

  StatusBoard board;
  board.set_phase("sells", clock.now());
  EXPECT_FALSE(board.snapshot().current.has_value());
  board.begin_event({"e1", "DU1", "rebalance", clock.now()});
  EXPECT_TRUE(to_json(board.snapshot())["current_event"]["phase"].is_null());
  board.set_phase("sells", clock.now());
  EXPECT_EQ(board.snapshot().current->phase, "sells");
}

}  // namespace
}  // namespace ep::processor
