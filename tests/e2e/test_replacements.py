"""Replacement symbols on ibsim (REPLACEMENTS_FILE, README "Replacement symbols"): the plan
targets the symbol held instead, a held original is sold only when its entry says so, the
outcome names both, and a bad file stops the service at start with one line and exit code 2."""
import json
import os
import subprocess
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, TARGETS, event_orders, scenario

# basic.yaml's account holds SPY 50, TLT 100, OLD 30 and 20800 cash; the strategy wants SPY 0.5,
# TLT 0.3, IEF 0.2. Here GLD is held instead of SPY.


class ReplacementsTest(unittest.TestCase):
    def run_with(self, text):
        self.stack = harness.Stack(scenario("basic"))
        self.addCleanup(self.stack.close)
        path = os.path.join(self.stack.dir, "replacements.yaml")
        with open(path, "w") as f:
            f.write(text)
        self.stack.env["REPLACEMENTS_FILE"] = path
        self.stack.alloc.set(STRATEGY, TARGETS)
        self.stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(self.stack.redis.client, event)
        outcome = self.stack.wait_status(event["event_id"], "done", 60)
        placed = sorted((o["action"], o["symbol"]) for o in event_orders(self.stack, event["event_id"]))
        return outcome, placed

    def test_the_plan_targets_the_replacement_and_keeps_the_held_original(self):
        outcome, placed = self.run_with("SPY: GLD\n")
        self.assertNotIn(("SELL", "SPY"), placed)
        self.assertNotIn(("BUY", "SPY"), placed)
        self.assertIn(("SELL", "OLD"), placed)
        self.assertEqual(outcome["result"]["replacements"],
                         [{"original": "SPY", "replacement": "GLD", "scale": 1.0,
                           "sell_original": False}])
        self.assertIn("50 SPY held and replaced in the strategy", json.dumps(outcome["result"]["warnings"]))
        symbols = [b["symbol"] for b in outcome["result"]["plan"]["buy_candidates"]]
        self.assertIn("GLD", symbols)  # targeted (whether it fits the cash is the planner's rule)
        self.assertEqual(self.stack.ibsim.state()["accounts"][ACCOUNT]["positions"]["SPY"], 50)

    def test_a_held_original_is_sold_for_its_replacement_when_the_entry_says_so(self):
        outcome, placed = self.run_with("SPY: {symbol: GLD, sell_original: true}\n")
        self.assertIn(("SELL", "SPY"), placed)
        self.assertIn(("BUY", "GLD"), placed)
        positions = self.stack.ibsim.state()["accounts"][ACCOUNT]["positions"]
        self.assertEqual(positions.get("SPY", 0), 0)
        self.assertGreater(positions["GLD"], 100)

    def test_a_bad_file_stops_the_service_at_start_with_one_line(self):
        stack = harness.Stack(scenario("basic"))
        self.addCleanup(stack.close)
        path = os.path.join(stack.dir, "replacements.yaml")
        with open(path, "w") as f:
            f.write("SPY: VOO\nVOO: SPY\n")
        env = dict(stack.env, REPLACEMENTS_FILE=path)
        done = subprocess.run([harness.PROCESSOR_BIN, "run"], env=env, capture_output=True,
                              text=True, timeout=30)
        self.assertEqual(done.returncode, 2, done.stderr)
        lines = [line for line in done.stderr.splitlines() if "REPLACEMENTS_FILE" in line]
        self.assertEqual(len(lines), 1, done.stderr)
        self.assertIn("a chain or a cycle", lines[0])


if __name__ == "__main__":
    unittest.main()
