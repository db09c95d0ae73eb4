"""The money path on accounts shaped like real ones (ibsim, real redis-server): a cash account
whose buys need its sells' cash, prices that move while the sells fill, a fractional holding and
a same-ticker foreign listing. Every event must complete in one attempt, trade each leg once,
keep the cash reserve and leave what it must not trade alone."""
import json
import os
import unittest

import harness
from e2e_common import SCENARIOS

STRATEGY = "rotation"
TARGETS = [("SPY", 0.5), ("TLT", 0.5)]
RESERVE = 1.0


class MoneyPathTest(unittest.TestCase):
    def setUp(self):
        self.stack = harness.Stack(os.path.join(SCENARIOS, "real_accounts.yaml"))
        self.addCleanup(self.stack.close)
        self.stack.alloc.set(STRATEGY, TARGETS)
        self.stack.start_processor()

    def rebalance(self, account, timeout=60):
        event = harness.make_event(account, "rebalance", strategy=STRATEGY, reserve=RESERVE)
        harness.enqueue(self.stack.redis.client, event)
        return event, self.stack.wait_outcome(event["event_id"], timeout=timeout)

    def account(self, account):
        return self.stack.ibsim.state()["accounts"][account]

    def orders_of(self, event):
        return [o for o in self.stack.ibsim.orders(what_if=False)
                if (o.get("order_ref") or "").startswith(f"ep:{event['event_id']}:")]

    def assert_done_once(self, event, outcome):
        self.assertEqual(outcome["status"], "done", json.dumps(outcome)[:3000])
        records = [r for r in self.stack.history() if r["event_id"] == event["event_id"]]
        self.assertEqual(len(records), 1, "more than one attempt: "
                         + json.dumps([r.get("error") for r in records]))
        legs = [(o["action"], o["symbol"]) for o in self.orders_of(event)]
        self.assertEqual(len(legs), len(set(legs)), f"a leg traded twice: {legs}")

    def assert_reserve_kept(self, account, outcome):
        reserve = outcome["result"]["plan"]["reserve"]
        cash = self.account(account)["cash"]
        self.assertGreaterEqual(cash, reserve - 0.01,
                                f"cash {cash} below the reserve {reserve}")

    def test_rotation_in_a_cash_account_buys_with_the_sells_cash(self):
        event, outcome = self.rebalance("DU2000001")
        self.assert_done_once(event, outcome)
        state = self.account("DU2000001")
        self.assertEqual(state["positions"].get("OLD", 0), 0)
        investable = outcome["result"]["plan"]["investable"]
        prices = {"SPY": 600.01, "TLT": 90.01}
        for symbol, weight in TARGETS:
            held_value = state["positions"].get(symbol, 0) * prices[symbol]
            self.assertGreater(held_value, investable * weight - 2 * prices[symbol],
                               f"{symbol} under target: {json.dumps(state)}")
        self.assert_reserve_kept("DU2000001", outcome)
        # What-if checks of the buys came after the sell filled, none was refused.
        refused = [w for w in self.stack.ibsim.state()["what_if_checks"]
                   if w.get("account") == "DU2000001" and not w.get("accepted", True)]
        self.assertEqual(refused, [])

    def price_move_during_the_sells(self, account, rise):
        moved = {}

        def move_once_the_sell_works():
            sells = [o for o in self.stack.ibsim.orders(what_if=False)
                     if o.get("account") == account and o.get("action") == "SELL"]
            if not sells:
                return False
            for symbol, price in (("SPY", 600.0), ("TLT", 90.0)):
                new = round(price * (1 + rise), 2)
                moved[symbol] = new
                self.stack.ibsim.post("/prices", {symbol: {"price": new, "bid": new - 0.01,
                                                           "ask": new + 0.01}})
            return True

        event = harness.make_event(account, "rebalance", strategy=STRATEGY, reserve=RESERVE)
        harness.enqueue(self.stack.redis.client, event)
        harness.wait_until(move_once_the_sell_works, 30, "the sell to be placed", interval=0.01)
        outcome = self.stack.wait_outcome(event["event_id"], timeout=60)
        self.assert_done_once(event, outcome)
        # The sell filled before the buys were sized: the buys were sized at the moved ask.
        buys = [o for o in self.orders_of(event) if o["action"] == "BUY"]
        self.assertEqual(sorted(o["symbol"] for o in buys), ["SPY", "TLT"])
        for order in buys:
            self.assertGreaterEqual(order["avg_price"], moved[order["symbol"]], order)
        self.assert_reserve_kept(account, outcome)
        # The next rebalance at the moved prices never sells back what was just bought.
        second, second_outcome = self.rebalance(account)
        self.assertEqual(second_outcome["status"], "done", json.dumps(second_outcome)[:2000])
        sells = [o for o in self.orders_of(second) if o["action"] == "SELL"]
        self.assertEqual(sells, [], "a round trip after the price move")
        self.assert_reserve_kept(account, second_outcome)
        return outcome

    def test_prices_up_3_percent_during_the_sells(self):
        self.price_move_during_the_sells("DU2000004", 0.03)

    def test_prices_up_8_percent_during_the_sells(self):
        self.price_move_during_the_sells("DU2000005", 0.08)

    def test_zero_reserve_buy_that_fits_at_the_last_but_not_at_the_ask_is_resized(self):
        # 60000 buys 100 SPY at the last 600.00, not at the ask 600.01 plus the commission.
        self.stack.alloc.set("all-spy", [("SPY", 1.0)])
        event = harness.make_event("DU2000006", "rebalance", strategy="all-spy", reserve=0.0)
        harness.enqueue(self.stack.redis.client, event)
        outcome = self.stack.wait_outcome(event["event_id"], timeout=60)
        self.assert_done_once(event, outcome)
        state = self.account("DU2000006")
        self.assertEqual(state["positions"].get("SPY"), 99, json.dumps(state))
        self.assertGreaterEqual(state["cash"], 0)
        self.assertIn("bought 99 of them", json.dumps(outcome["result"]["buys_skipped"]))

    def test_fractional_holding_sells_whole_shares_and_reports_the_rest(self):
        event, outcome = self.rebalance("DU2000002")
        self.assert_done_once(event, outcome)
        sells = [o for o in self.orders_of(event) if o["action"] == "SELL"]
        self.assertEqual([(o["symbol"], o["quantity"]) for o in sells], [("OLD", 30)])
        self.assertAlmostEqual(self.account("DU2000002")["positions"]["OLD"], 0.6, places=6)
        self.assertIn("0.6 share(s) of OLD stay", json.dumps(outcome["result"]["warnings"]))

    def test_foreign_listing_of_a_target_ticker_is_left_alone(self):
        event, outcome = self.rebalance("DU2000003")
        self.assert_done_once(event, outcome)
        state = self.account("DU2000003")
        self.assertEqual(state["positions"]["SPY_CAD"], 40, json.dumps(state))
        for order in self.orders_of(event):
            self.assertEqual(order["action"], "BUY", order)
            self.assertNotEqual(order["symbol"], "SPY_CAD", order)
        warnings = json.dumps(outcome["result"]["warnings"])
        self.assertIn("40 SPY in CAD (conId 99887766) left alone", warnings)


class SlowFillsTest(unittest.TestCase):
    """Fills slower than order_completion_timeout: the next attempt waits on the working
    orders instead of cancelling and replacing them (one order and one commission per leg)."""

    def test_slow_fills_are_waited_on_not_replaced(self):
        stack = harness.Stack(os.path.join(SCENARIOS, "slow_fills.yaml"),
                              config_overrides={"ibkr": {"order_completion_timeout": 1}})
        self.addCleanup(stack.close)
        stack.alloc.set("test-strategy", [("SPY", 0.5), ("TLT", 0.3), ("IEF", 0.2)])
        stack.start_processor()
        event = harness.make_event("DU1111111", "rebalance", strategy="test-strategy")
        harness.enqueue(stack.redis.client, event)
        stack.wait_status(event["event_id"], "done", 120)
        orders = [o for o in stack.ibsim.orders(what_if=False)
                  if (o.get("order_ref") or "").startswith(f"ep:{event['event_id']}:")]
        legs = [(o["action"], o["symbol"]) for o in orders]
        self.assertEqual(len(legs), len(set(legs)), f"a leg was replaced: {legs}")
        for order in orders:
            self.assertEqual(order["status"], "Filled", order)
        attempts = [r for r in stack.history() if r["event_id"] == event["event_id"]]
        waited = [r for r in attempts if (r.get("result") or {}).get("waited_on")]
        self.assertGreater(len(attempts), 1, "the fills were not slower than the timeout")
        self.assertTrue(waited, json.dumps([r.get("error") for r in attempts]))
        fills = [f for f in stack.ibsim.state()["fills"]
                 if f.get("order_ref", "").startswith(f"ep:{event['event_id']}:")]
        commissions = sum(1 for f in fills if f["commission"] > 0)
        self.assertEqual(commissions, len(orders), "a commission per order, one order per leg")


if __name__ == "__main__":
    unittest.main()
