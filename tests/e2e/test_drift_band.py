"""Drift bands on ibsim (PLANNER_DRIFT_BAND_PERCENT): a symbol whose weight is within the band of
its target is not traded and the plan says why; a symbol outside it and a liquidation are."""
import json
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, event_orders, start

# basic.yaml: SPY 50 x 600, TLT 100 x 90, OLD 30 x 40, cash 20800: account value 61000,
# investable 60390. SPY 0.5 is on target (50.3 shares); TLT 0.16 wants 107.4 shares, 7 more:
# |9000 - 9662.4| / 61000 = 1.09 points off; IEF 0.2 is new (20 points); OLD is dropped.
TARGETS = [("SPY", 0.5), ("TLT", 0.16), ("IEF", 0.2)]


class DriftBandTest(unittest.TestCase):
    def run_with_band(self, band):
        stack = start(env_overrides={"PLANNER_DRIFT_BAND_PERCENT": band})
        self.addCleanup(stack.close)
        stack.alloc.set(STRATEGY, TARGETS)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, event)
        outcome = stack.wait_outcome(event["event_id"], timeout=60)
        self.assertEqual(outcome["status"], "done", json.dumps(outcome)[:3000])
        placed = sorted((o["action"], o["symbol"], o["quantity"])
                        for o in event_orders(stack, event["event_id"]))
        return outcome, placed

    def test_a_symbol_inside_the_band_is_not_traded_and_the_plan_says_why(self):
        outcome, placed = self.run_with_band("1.5")
        self.assertEqual(placed, [("BUY", "IEF", 127), ("SELL", "OLD", 30)])
        skipped = outcome["result"]["plan"]["skipped"]
        tlt = [s for s in skipped if s["symbol"] == "TLT"]
        self.assertEqual(len(tlt), 1, json.dumps(skipped))
        self.assertEqual(tlt[0]["side"], "BUY")
        self.assertEqual(tlt[0]["quantity"], 7)
        self.assertEqual(tlt[0]["reason"],
                         "drift 1.09 percentage point(s) from the target, within the band 1.50")

    def test_a_narrower_band_trades_the_symbol(self):
        _, placed = self.run_with_band("1.0")
        self.assertEqual(placed, [("BUY", "IEF", 127), ("BUY", "TLT", 7), ("SELL", "OLD", 30)])


if __name__ == "__main__":
    unittest.main()
