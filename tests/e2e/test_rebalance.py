"""The rebalance workflow end to end: real redis-server, ibsim, the allocation stub and the
built event-processor binary."""
import json
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, assert_on_target, assert_queue_clean, event_orders, start


class RebalanceTest(unittest.TestCase):
    def setUp(self):
        self.stack = start()
        self.addCleanup(self.stack.close)
        self.stack.start_processor()

    def test_rebalance_reaches_the_targets(self):
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        event["data"]["unknown_field"] = {"kept": [1, 2]}
        harness.enqueue(self.stack.redis.client, event)
        outcome = self.stack.wait_outcome(event["event_id"], timeout=60)
        self.assertEqual(outcome["status"], "done", json.dumps(outcome))
        assert_on_target(self, self.stack)
        orders = event_orders(self.stack, event["event_id"])
        self.assertTrue(orders, "no order carries the event's order ref")
        sells = [o for o in orders if o["action"] == "SELL"]
        self.assertIn("OLD", [o["symbol"] for o in sells])
        for order in orders:
            self.assertEqual(order["status"], "Filled", order)
        # Each leg once: one order per (side, symbol).
        legs = [(o["action"], o["symbol"]) for o in orders]
        self.assertEqual(len(legs), len(set(legs)), legs)
        # The allocation API saw the key as a header, and the key never reached a log line.
        path, headers = self.stack.alloc.requests[-1]
        self.assertEqual(path, f"/{STRATEGY}/allocations")
        self.assertEqual(headers.get("x-api-key"), "test-secret-key-123")
        self.assertNotIn("test-secret-key-123", self.stack.processor_logs())
        assert_queue_clean(self, self.stack)

    def test_print_commands_place_no_order(self):
        ids = {}
        for command in ["print-positions", "print-equity", "print-orders", "print-rebalance",
                        "cancel-orders"]:
            event = harness.make_event(ACCOUNT, command, strategy=STRATEGY)
            harness.enqueue(self.stack.redis.client, event)
            ids[command] = event["event_id"]
        for command, event_id in ids.items():
            outcome = self.stack.wait_outcome(event_id)
            self.assertEqual(outcome["status"], "done", f"{command}: {json.dumps(outcome)}")
        self.assertEqual(self.stack.ibsim.orders(what_if=False), [])
        positions = self.stack.outcome_of(ids["print-positions"])["result"]
        self.assertIn("SPY", json.dumps(positions))
        plan = self.stack.outcome_of(ids["print-rebalance"])["result"]["plan"]
        self.assertEqual([b["symbol"] for b in plan["buys"]], ["IEF", "TLT"])
        self.assertEqual([s["symbol"] for s in plan["sells"]], ["OLD"])
        assert_queue_clean(self, self.stack)

    def test_allocation_api_500_is_retried_then_succeeds(self):
        ok = {"status": "success", "data": {"name": STRATEGY, "allocations": [
            {"symbol": "SPY", "allocation": 0.5}, {"symbol": "TLT", "allocation": 0.3},
            {"symbol": "IEF", "allocation": 0.2}]}}
        self.stack.alloc.answers[STRATEGY] = [(500, "upstream exploded"), (200, ok)]
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(self.stack.redis.client, event)
        first = self.stack.wait_status(event["event_id"], "retry", 30)
        self.assertIn("500", first["error"])
        self.stack.wait_status(event["event_id"], "done", 60)
        assert_on_target(self, self.stack)
        assert_queue_clean(self, self.stack)

    def test_malformed_and_unknown_command_are_dead_lettered(self):
        redis = self.stack.redis.client
        redis("LPUSH", "rebalance_queue", '{"event_id": "broken", "account_id": ')
        unknown = harness.make_event(ACCOUNT, "sell-everything", strategy=STRATEGY)
        harness.enqueue(redis, unknown)
        dead = harness.wait_until(lambda: (redis("LRANGE", "rebalance_dead_letter", 0, -1) or [])
                                  if len(redis("LRANGE", "rebalance_dead_letter", 0, -1)) >= 2
                                  else None, 30, "two dead letters")
        reasons = " | ".join(json.loads(d)["reason"] for d in dead)
        self.assertIn("JSON", reasons)
        self.assertIn("sell-everything", reasons)
        # Kept whole: the unknown command's event is still there byte for byte.
        self.assertTrue(any(json.loads(d)["event"] == json.dumps(unknown) or
                            json.loads(d)["event"] == unknown for d in dead), dead)
        status, answer = self.stack.api("/queue/events?type=dead")
        self.assertEqual(status, 200)
        self.assertEqual(len(answer), 2)
        self.assertTrue(self.stack.processor.alive())
        self.assertEqual(self.stack.ibsim.orders(what_if=False), [])


if __name__ == "__main__":
    unittest.main()
