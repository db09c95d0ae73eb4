"""Money-safety guards (README "Safety") on ibsim and real Redis: each guard trips on a bad
input or a wrong setting, the account is unchanged (ibsim's ledger shows no order for the
event), and the event stays where an operator can see it. The passing side of each guard is
the plain rebalance of test_rebalance.py."""
import json
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, assert_on_target, event_orders, start


def first_outcome(stack, event_id, timeout=30):
    return harness.wait_until(lambda: [r for r in stack.history() if r["event_id"] == event_id],
                              timeout, f"an outcome of {event_id}")[-1]


class AllocationGuardsTest(unittest.TestCase):
    def setUp(self):
        self.stack = start()
        self.addCleanup(self.stack.close)
        self.stack.start_processor()
        self.before = self.stack.ibsim.state()["accounts"][ACCOUNT]

    def trip(self, answers, reason_part):
        self.stack.alloc.answers[STRATEGY] = answers
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(self.stack.redis.client, event)
        outcome = first_outcome(self.stack, event["event_id"])
        self.assertEqual(outcome["status"], "retry", json.dumps(outcome))
        self.assertIn(reason_part, outcome["error"])
        self.assertEqual(event_orders(self.stack, event["event_id"]), [])
        self.assertEqual(self.stack.ibsim.state()["accounts"][ACCOUNT]["positions"],
                         self.before["positions"])
        # Still visible to an operator: in the retry set (or already back in the queue).
        status, events = self.stack.api("/queue/events?type=delayed")
        status2, queued = self.stack.api("/queue/events?type=active")
        ids = [e["event_id"] for e in events + queued]
        self.assertIn(event["event_id"], ids)
        return event

    @staticmethod
    def answer(allocations):
        return [(200, {"status": "success", "data": {"name": STRATEGY, "allocations": [
            {"symbol": s, "allocation": w} for s, w in allocations]}})]

    def test_empty_allocation_list(self):
        self.trip(self.answer([]), "empty")

    def test_allocations_above_1_01(self):
        self.trip(self.answer([("SPY", 0.6), ("TLT", 0.5)]), "1.1")

    def test_symbol_the_broker_cannot_resolve(self):
        self.trip(self.answer([("SPY", 0.5), ("NOSUCH", 0.5)]), "NOSUCH")

    def test_guard_then_good_answer_trades(self):
        event = self.trip(self.answer([]) + self.answer([("SPY", 0.5), ("TLT", 0.3),
                                                         ("IEF", 0.2)]), "empty")
        self.stack.wait_status(event["event_id"], "done", 60)
        assert_on_target(self, self.stack)


class AccountGuardTest(unittest.TestCase):
    def test_account_mismatch_and_unmanaged_account_are_dead_lettered(self):
        stack = start()
        self.addCleanup(stack.close)
        stack.start_processor()
        mismatch = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        mismatch["data"]["account_config"]["account_id"] = "DU9999999"
        unmanaged = harness.make_event("DU7777777", "rebalance", strategy=STRATEGY)
        for event in (mismatch, unmanaged):
            harness.enqueue(stack.redis.client, event)
        for event in (mismatch, unmanaged):
            outcome = first_outcome(stack, event["event_id"])
            self.assertEqual(outcome["status"], "dead_letter", json.dumps(outcome))
        status, dead = stack.api("/queue/events?type=dead")
        self.assertEqual({d["event_id"] for d in dead},
                         {mismatch["event_id"], unmanaged["event_id"]})
        self.assertEqual(stack.ibsim.orders(what_if=False), [])


class SettingsGuardTest(unittest.TestCase):
    def test_live_mode_against_paper_accounts_touches_no_event(self):
        stack = start(env_overrides={"TRADING_MODE": "live"})
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        status, ready = harness.wait_until(
            lambda: (lambda a: a if a[0] == 503 and "DU1111111" in json.dumps(a[1]) else None)(
                stack.api("/health/ready")), 20, "readiness to report the mismatch")
        self.assertIn("live", json.dumps(ready))
        self.assertEqual(stack.redis.client("LLEN", "rebalance_queue"), 1)
        self.assertEqual(stack.history(), [])
        self.assertEqual(stack.ibsim.orders(what_if=False), [])
        self.assertIn("trading mode mismatch", stack.processor_logs())

    def test_order_size_cap_parks_the_plan(self):
        stack = start(env_overrides={"MAX_ORDER_PERCENT": "5"})
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        outcome = first_outcome(stack, event["event_id"])
        self.assertEqual(outcome["status"], "retry", json.dumps(outcome))
        self.assertIn("IEF", outcome["error"])  # the plan is in the reason
        self.assertEqual(event_orders(stack, event["event_id"]), [])

    def test_dry_run_places_nothing(self):
        stack = start(env_overrides={"DRY_RUN": "true"})
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        outcome = first_outcome(stack, event["event_id"])
        self.assertEqual(outcome["status"], "done", json.dumps(outcome))
        self.assertTrue(outcome["result"]["dry_run"])
        self.assertEqual(stack.ibsim.orders(what_if=False), [])

    def test_pause_keeps_events_queued_until_resume(self):
        stack = start()
        self.addCleanup(stack.close)
        stack.start_processor()
        status, _ = stack.api("/processing/pause", method="POST", body={})
        self.assertEqual(status, 200)
        self.assertTrue(stack.api("/queue/status")[1]["paused"])
        # The flag is obeyed between events: wait until the processor has seen it.
        harness.wait_until(
            lambda: stack.api("/health/detailed")[1]["processor"]["state"] == "paused", 10,
            "the processor to pause")
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        # Give the processor several loop turns; the event must stay queued.
        deadline_turns = 0
        while deadline_turns < 30:
            self.assertEqual(stack.redis.client("LLEN", "rebalance_queue"), 1)
            deadline_turns += 1
            harness.time.sleep(0.1)
        self.assertEqual(stack.history(), [])
        status, _ = stack.api("/processing/resume", method="POST", body={})
        self.assertEqual(status, 200)
        outcome = stack.wait_outcome(event["event_id"], timeout=60)
        self.assertEqual(outcome["status"], "done", json.dumps(outcome))


if __name__ == "__main__":
    unittest.main()
