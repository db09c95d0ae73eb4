// Test-only: a processor wired to the fakes of tests/support, with a ready account (DU123,
// cash 100000, strategy "etf" = 60% SPY at 450, 40% TLT at 100) and event payload builders.
// Used by the processor's tests on one thread (run() tests add a processor thread).
#pragma once

#include <algorithm>
#include <string>

#include "processor/processor.hpp"
#include "tests/support/fake_allocation_source.hpp"
#include "tests/support/fake_broker.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/fake_event_queue.hpp"

namespace ep::processor::testing {

inline const std::string kAccount = "DU123";

struct World {
  test::FakeClock clock;
  test::FakeBroker broker;
  test::FakeAllocationSource allocations;
  test::FakeEventQueue queue;
  Settings settings;

  World() {
    broker.set_account(kAccount, 100000, {});
    broker.set_price("SPY", 450);
    broker.set_price("TLT", 100);
    allocations.set("etf", {{"SPY", 0.6}, {"TLT", 0.4}});
    // The fake queue's next() waits in real time; the loop's own waits (pause polls, backoffs)
    // are on the fake clock and keep their production lengths: they take no real time.
    settings.queue_wait = std::chrono::milliseconds{5};
  }

  // No commission at the broker nor in the plan: keeps the share arithmetic exact.
  void without_commissions() {
    broker.set_commission(0);
    settings.commission = {0, 0, 0};
  }

  // A SPY buy of event e1 that an earlier attempt left working at the broker.
  void add_earlier_spy_buy(core::Shares quantity, core::Shares filled = 0) {
    broker.add_open_order(
        {0, 7, kAccount, "SPY", core::Side::kBuy, quantity, filled, "Submitted", "ep:e1:buy:SPY"});
  }

  // How many times the broker's `name` has been called so far.
  long calls(const std::string& name) const {
    const auto names = broker.call_names();
    return std::count(names.begin(), names.end(), name);
  }

  Processor make_processor() { return Processor(queue, broker, allocations, clock, settings); }

  Decision handle(const std::string& payload) {
    auto processor = make_processor();
    return processor.handle(core::QueuedEvent{payload});
  }
};

inline std::string event_json(const std::string& event_id, const std::string& command,
                              const std::string& account = kAccount,
                              const std::string& config_account = kAccount, double reserve = 1.0) {
  return R"({"event_id":")" + event_id + R"(","account_id":")" + account + R"(","data":{"exec":")" +
         command + R"(","account_config":{"account_id":")" + config_account +
         R"(","notification_channel":"etf","cash_reserve_percentage":)" + std::to_string(reserve) +
         R"(}},"times_queued":1,"created_at":"2024-07-22T14:59:00Z"})";
}

}  // namespace ep::processor::testing
