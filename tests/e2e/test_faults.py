"""Crashes and outages in the middle of an event: nothing is lost, no leg trades twice."""
import json
import signal
import time
import unittest

import harness
from e2e_common import (ACCOUNT, STRATEGY, assert_on_target, assert_queue_clean, event_orders,
                        start)


def sells_working(stack, event_id):
    return [o for o in event_orders(stack, event_id) if o["action"] == "SELL"]


def filled_by_leg(stack, event_id):
    legs = {}
    for order in event_orders(stack, event_id):
        key = (order["action"], order["symbol"])
        legs[key] = legs.get(key, 0) + order["filled"]
    return legs


class CrashTest(unittest.TestCase):
    def test_sigkill_after_the_sells_then_restart_completes_without_double_trading(self):
        stack = start("slow_fills")
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        harness.wait_until(lambda: sells_working(stack, event["event_id"]), 30, "the sells")
        stack.processor.kill()
        # The event is still in a processing list: nothing was lost by the kill.
        processing = [k for k in stack.redis.client("KEYS", "rebalance_processing:*")
                      if stack.redis.client("LLEN", k)]
        self.assertTrue(processing, "the killed worker's event vanished")
        stack.start_processor()
        stack.wait_status(event["event_id"], "done", 90)
        assert_on_target(self, stack)
        # Every leg traded at most what the account needed: the sells of the first attempt
        # were cancelled or counted, never repeated on top.
        for (side, symbol), filled in filled_by_leg(stack, event["event_id"]).items():
            start_positions = {"SPY": 50, "TLT": 100, "OLD": 30}
            if side == "SELL":
                self.assertLessEqual(filled, start_positions.get(symbol, 0), (side, symbol))
        assert_queue_clean(self, stack)

    def test_sigterm_during_an_event_exits_cleanly_and_loses_nothing(self):
        stack = start("slow_fills")
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        harness.wait_until(lambda: sells_working(stack, event["event_id"]), 30, "the sells")
        code = stack.processor.stop(signal.SIGTERM, timeout=60)
        self.assertEqual(code, 0, stack.processor_logs()[-3000:])
        done = stack.outcome_of(event["event_id"])
        if not done or done["status"] != "done":
            stack.start_processor()
            stack.wait_status(event["event_id"], "done", 90)
        assert_on_target(self, stack)
        assert_queue_clean(self, stack)


class OutageTest(unittest.TestCase):
    def test_redis_restarted_mid_event(self):
        stack = start("slow_fills", appendonly=True)
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        harness.wait_until(lambda: sells_working(stack, event["event_id"]), 30, "the sells")
        stack.redis.restart()
        stack.wait_status(event["event_id"], "done", 90)
        self.assertTrue(stack.processor.alive())
        assert_on_target(self, stack)
        assert_queue_clean(self, stack)

    def test_gateway_refusing_connections_for_10_s(self):
        stack = start()
        self.addCleanup(stack.close)
        stack.start_processor()
        stack.ibsim.post("/faults", {"refuse_connections_ms": 10000})
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        stack.wait_status(event["event_id"], "done", 90)
        self.assertTrue(stack.processor.alive())
        assert_on_target(self, stack)
        assert_queue_clean(self, stack)


class SellNotCompletingTest(unittest.TestCase):
    def test_a_sell_that_does_not_complete_stops_the_buys(self):
        stack = start(config_overrides={"ibkr": {"order_completion_timeout": 3}})
        self.addCleanup(stack.close)
        stack.start_processor()
        stack.ibsim.post("/faults", {"stall_orders": 1, "stall_symbol": "OLD"})
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        first = harness.wait_until(
            lambda: [r for r in stack.history() if r["event_id"] == event["event_id"]], 60,
            "the first outcome")[0]
        self.assertEqual(first["status"], "retry", json.dumps(first))
        self.assertIn("OLD", first["error"])
        buys = [o for o in event_orders(stack, event["event_id"]) if o["action"] == "BUY"]
        self.assertEqual(buys, [], "buys ran although a sell did not complete")
        # The next attempt cancels the stalled sell, sells again and buys.
        stack.wait_status(event["event_id"], "done", 90)
        assert_on_target(self, stack)
        assert_queue_clean(self, stack)


class MarketHoursTest(unittest.TestCase):
    def test_closed_market_parks_the_event_until_the_session_opens(self):
        stack = start("opens_soon")
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        parked = harness.wait_until(
            lambda: [r for r in stack.history() if r["event_id"] == event["event_id"]], 30,
            "the first outcome")[0]
        self.assertEqual(parked["status"], "market_closed", json.dumps(parked))
        self.assertEqual(stack.ibsim.orders(what_if=False), [])
        stack.wait_status(event["event_id"], "done", 120)
        assert_on_target(self, stack)
        assert_queue_clean(self, stack)


if __name__ == "__main__":
    unittest.main()
