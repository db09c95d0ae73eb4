"""Marketable limit orders on ibsim (ORDER_TYPE=LMT, README "Limit orders") and the slippage of
every fill (README "Slippage"): fills inside the collar on the contract's tick, a quote gap that
stops a buy until a later attempt, a re-price after the market moved past the limit, and a
partial fill whose rest is re-priced. No leg ever has two orders working at once, and no order
fills outside the collar of the quote it was priced from."""
import json
import unittest
import urllib.request

import harness
from e2e_common import ACCOUNT, STRATEGY, TARGETS, event_orders, scenario

LIMIT_ENV = {"ORDER_TYPE": "LMT", "LIMIT_COLLAR_PERCENT": "0.5", "LIMIT_REPRICE_SECONDS": "1",
             "LIMIT_MAX_REPRICES": "2"}
# basic.yaml's account: sells OLD 30, buys TLT 101 and IEF 127 (see test_drift_band.py).
COLLAR = 0.005


class LimitOrdersTest(unittest.TestCase):
    def start(self, name="limit_orders", faults=None, env=None):
        self.stack = harness.Stack(scenario(name), env_overrides={**LIMIT_ENV, **(env or {})})
        self.addCleanup(self.stack.close)
        self.stack.alloc.set(STRATEGY, TARGETS)
        if faults:
            self.stack.ibsim.post("/faults", faults)
        self.stack.start_processor()
        self.event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(self.stack.redis.client, self.event)

    def attempts(self):
        return [r for r in self.stack.history() if r["event_id"] == self.event["event_id"]]

    def orders(self, symbol=None):
        return [o for o in event_orders(self.stack, self.event["event_id"])
                if symbol is None or o["symbol"] == symbol]

    def assert_never_two_working_per_leg(self):
        # Every replaced order of a leg ended before the next one was placed: the ledger holds
        # each leg's orders in order, all but the last ended Cancelled.
        legs = {}
        for order in self.orders():
            legs.setdefault(order["order_ref"], []).append(order)
        for ref, orders in legs.items():
            for replaced in orders[:-1]:
                self.assertEqual(replaced["status"], "Cancelled", f"{ref}: {orders}")

    def assert_inside_the_collar(self, record):
        for order in record["orders"]:
            if not order["filled"]:
                continue
            quote = order["quote"]
            if order["side"] == "BUY":
                self.assertLessEqual(order["average_price"], order["limit_price"] + 1e-9, order)
            else:
                self.assertGreaterEqual(order["average_price"], order["limit_price"] - 1e-9, order)
            self.assertIn(quote["source"], ("live", "delayed", "frozen"), order)

    def assert_within_the_cash_counted(self, record, symbol):
        """A re-priced buy leg spends at most what it was sized for: its first order's
        quantity x limit."""
        legs = [o for o in record["orders"] if o["symbol"] == symbol]
        counted = legs[0]["quantity"] * legs[0]["limit_price"]
        spent = sum(o["filled"] * o["average_price"] for o in legs)
        self.assertLessEqual(spent, counted + 1e-6, legs)

    def test_fills_inside_the_collar_on_the_tick_with_slippage_recorded(self):
        self.start()
        record = self.stack.wait_status(self.event["event_id"], "done", 60)
        self.assertEqual(len(self.attempts()), 1, json.dumps([r.get("error") for r in self.attempts()]))
        placed = {(o["action"], o["symbol"]): o for o in self.orders()}
        self.assertEqual(sorted(placed), [("BUY", "IEF"), ("BUY", "TLT"), ("SELL", "OLD")])
        for order in placed.values():
            self.assertEqual(order["order_type"], "LMT", order)
            self.assertEqual(order["status"], "Filled", order)
        self.assertAlmostEqual(placed[("SELL", "OLD")]["lmt_price"], 39.80)  # 39.99 - 0.5 %, up
        self.assertAlmostEqual(placed[("BUY", "TLT")]["lmt_price"], 90.45)   # 90.46 down to 0.05
        self.assertAlmostEqual(placed[("BUY", "IEF")]["lmt_price"], 95.48)
        self.assert_inside_the_collar(record)
        by_symbol = {o["symbol"]: o for o in record["orders"]}
        tlt = by_symbol["TLT"]
        self.assertEqual(tlt["order_type"], "LMT")
        self.assertEqual((tlt["quote"]["bid"], tlt["quote"]["ask"], tlt["quote"]["last"]),
                         (89.99, 90.01, 90.0))
        self.assertGreaterEqual(tlt["quote"]["age_ms"], 0)
        self.assertEqual(tlt["slippage"]["vs_quote_bp"], 0.0)  # filled at the ask
        self.assertAlmostEqual(tlt["slippage"]["vs_last_bp"], 1.11, places=2)
        cost = record["result"]["execution_cost"]
        self.assertGreater(cost["traded_value"], 20000)
        self.assertGreaterEqual(cost["commissions"], 3)
        self.assertAlmostEqual(cost["total"], cost["slippage"] + cost["commissions"], places=2)
        self.assertAlmostEqual(cost["fraction_of_traded"], cost["total"] / cost["traded_value"],
                               places=6)
        url = f"http://127.0.0.1:{self.stack.api_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as answer:
            metrics = answer.read().decode()
        self.assertIn('ep_order_slippage_bp_count{order_type="lmt",side="buy"} 2', metrics)
        self.assertIn('ep_order_slippage_bp_count{order_type="lmt",side="sell"} 1', metrics)

    def test_a_gap_beyond_the_collar_stops_the_buy_and_a_later_attempt_buys(self):
        # IEF gaps up 5 % the moment its buy arrives: the limit 95.48 never fills at 99.76, the
        # fresh quote is beyond a collar of the limit, so the order is cancelled, not chased.
        self.start(faults={"gap_percent": 5, "gap_symbol": "IEF"})
        done = self.stack.wait_status(self.event["event_id"], "done", 90)
        first = self.attempts()[-1]  # rebalance_history is newest first
        self.assertEqual(first["status"], "retry", json.dumps(first)[:2000])
        self.assertIn("IEF ask 99.76 is 4.48% above 95.48, beyond the 0.50% collar: not chased",
                      first["error"])
        ief = self.orders("IEF")
        self.assertEqual(ief[0]["status"], "Cancelled", ief)
        self.assertEqual(ief[0]["filled"], 0, ief)
        self.assertAlmostEqual(ief[0]["lmt_price"], 95.48)
        # The next attempt planned at the new price and bought within its collar.
        self.assertEqual(ief[-1]["status"], "Filled", ief)
        self.assertAlmostEqual(ief[-1]["lmt_price"], 100.25)  # 99.76 + 0.5 %, on the cent
        self.assert_never_two_working_per_leg()
        self.assert_inside_the_collar(done)
        self.assertEqual(len(self.orders("OLD")), 1)  # the sell was never placed again
        self.assertEqual(len(self.orders("TLT")), 1)

    def test_a_limit_passed_by_a_move_inside_the_collar_is_repriced_and_fills(self):
        # IEF moves up 0.7 % as its buy arrives: past the limit 95.48 (ask 95.68) but within a
        # collar of it. After LIMIT_REPRICE_SECONDS the order is cancelled and placed again at
        # 95.68 + 0.5 % = 96.15, where it fills; one attempt, one leg, two orders. The buy was
        # sized at 127 x 95.48 = 12,125.96, which pays 126 shares at 96.15: the rest is cut to
        # 126 so that the cash reserve holds.
        self.start(faults={"gap_percent": 0.7, "gap_symbol": "IEF"})
        record = self.stack.wait_status(self.event["event_id"], "done", 60)
        self.assertEqual(len(self.attempts()), 1, json.dumps([r.get("error") for r in self.attempts()]))
        ief = self.orders("IEF")
        self.assertEqual([o["status"] for o in ief], ["Cancelled", "Filled"], ief)
        self.assertEqual([o["lmt_price"] for o in ief], [95.48, 96.15])
        self.assertEqual(ief[0]["quantity"], 127)
        self.assertEqual(ief[1]["quantity"], 126)
        self.assert_never_two_working_per_leg()
        self.assert_within_the_cash_counted(record, "IEF")
        filled = [o for o in record["orders"] if o["symbol"] == "IEF" and o["state"] == "Filled"]
        self.assertEqual(len(filled), 1)
        # Slippage against the quote the buy was planned on (ask 95.01), filled at 95.68.
        self.assertAlmostEqual(filled[0]["slippage"]["vs_quote_bp"],
                               round((95.68 - 95.01) / 95.01 * 1e4, 2), places=2)
        steps = [(s["step"], s.get("limit_price")) for s in record["result"]["limit_orders"]
                 if s["order_ref"] == ief[0]["order_ref"]]
        self.assertEqual(steps, [("placed", 95.48), ("cancelled", None), ("placed", 96.15)])

    def test_a_partial_fill_is_repriced_for_its_rest(self):
        # Orders fill half at once and the rest a second later. Once TLT's first half filled,
        # its ask moves up 0.7 % (past the limit 90.46, within a collar of it): the second half
        # rests, and at the 2 s re-price time the leg is cancelled with 51 filled and its rest
        # placed again at 90.64 + 0.5 % = 91.09: 49 shares, what the cash counted for the leg
        # (101 x 90.46 = 9,136.46, less 51 x 90.01 filled) pays at 91.09, not the 50 unfilled.
        self.start("partial_fills", env={"LIMIT_REPRICE_SECONDS": "2"})

        def move_after_the_first_half():
            tlt = self.orders("TLT")
            if not tlt or tlt[0]["filled"] == 0:
                return False
            self.stack.ibsim.post("/prices", {"TLT": {"price": 90.63, "bid": 90.62, "ask": 90.64}})
            return True
        harness.wait_until(move_after_the_first_half, 30, "TLT's first half", interval=0.01)
        record = self.stack.wait_status(self.event["event_id"], "done", 90)
        self.assertEqual(len(self.attempts()), 1, json.dumps([r.get("error") for r in self.attempts()]))
        tlt = self.orders("TLT")
        self.assertEqual([o["status"] for o in tlt], ["Cancelled", "Filled"], tlt)
        self.assertEqual(tlt[0]["filled"], 51)  # ceil(101 / 2)
        self.assertEqual(tlt[1]["quantity"], 49)
        self.assertEqual([o["lmt_price"] for o in tlt], [90.46, 91.09])
        self.assert_never_two_working_per_leg()
        self.assert_inside_the_collar(record)
        # The record has both orders of the leg: the first with its half, settled from the
        # executions, then the rest.
        legs = [(o["state"], o["filled"]) for o in record["orders"] if o["symbol"] == "TLT"]
        self.assertEqual(legs, [("Cancelled", 51), ("Filled", 49)])
        self.assert_within_the_cash_counted(record, "TLT")
        state = self.stack.ibsim.state()["accounts"][ACCOUNT]
        self.assertEqual(state["positions"]["TLT"], 200)
        self.assertEqual(state["positions"]["IEF"], 127)


if __name__ == "__main__":
    unittest.main()
