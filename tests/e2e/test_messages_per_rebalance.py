"""What one rebalance sends to the gateway, counted by ibsim per client and request name, on the
throughput benchmark's book (bench/throughput.py: SPY 50, TLT 100, OLD 30, cash 20800; targets
SPY 0.5, TLT 0.3, IEF 0.2), 10 accounts on one connection. Each rebalance places the same
orders as before the message savings (a sell of OLD 30, then buys of TLT 101 and IEF 127, each
after its what-if) and sends at most 12 messages: contract details and quote subscriptions go
out once per connection, not per event (README "Performance", docs/architecture.md "Messages
per rebalance")."""
import json
import os
import tempfile
import unittest

import harness

STRATEGY = "bench-throughput"
TARGETS = [("SPY", 0.5), ("TLT", 0.3), ("IEF", 0.2)]
ACCOUNTS = [f"DU{8000000 + i}" for i in range(10)]
# What every account's rebalance placed before (measured with the binary of main before the
# savings): one sell, then two buys.
EXPECTED_ORDERS = [("SELL", "OLD", 30), ("BUY", "IEF", 127), ("BUY", "TLT", 101)]
MAX_MESSAGES_PER_REBALANCE = 12


def by_type(stack):
    totals = {}
    for counts in stack.ibsim.state()["messages_received_by_type"].values():
        for name, count in counts.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def minus(after, before):
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}


class MessagesPerRebalanceTest(unittest.TestCase):
    def setUp(self):
        scenario_dir = tempfile.TemporaryDirectory(prefix="ep-messages-")
        self.addCleanup(scenario_dir.cleanup)
        self.stack = harness.Stack(harness.write_basic_books(
            os.path.join(scenario_dir.name, "books.yaml"), ACCOUNTS))
        self.addCleanup(self.stack.close)
        self.stack.alloc.set(STRATEGY, TARGETS)
        self.stack.start_processor()

    def rebalance(self, accounts):
        events = [harness.make_event(a, "rebalance", strategy=STRATEGY) for a in accounts]
        for event in events:
            harness.enqueue(self.stack.redis.client, event)
        for event in events:
            outcome = self.stack.wait_outcome(event["event_id"], timeout=120)
            self.assertEqual(outcome["status"], "done", json.dumps(outcome)[:2000])
        return events

    def orders_of(self, event):
        return sorted((o for o in self.stack.ibsim.orders(what_if=False)
                       if (o.get("order_ref") or "").startswith(f"ep:{event['event_id']}:")),
                      key=lambda o: o["order_id"])

    def test_a_rebalance_sends_at_most_12_messages_and_places_the_same_orders(self):
        start = by_type(self.stack)
        first = self.rebalance(ACCOUNTS[:1])
        once = by_type(self.stack)
        rest = self.rebalance(ACCOUNTS[1:])
        end = by_type(self.stack)

        per_rebalance = minus(end, once)
        # Heartbeats (reqCurrentTime every 10 s) belong to the connection, not to a rebalance.
        per_rebalance.pop("reqCurrentTime", None)
        total = sum(per_rebalance.values())
        detail = f"per rebalance x{len(rest)}: {per_rebalance}; first: {minus(once, start)}"
        self.assertLessEqual(total / len(rest), MAX_MESSAGES_PER_REBALANCE, detail)
        # Contract details and quote subscriptions are not sent again for later events.
        self.assertNotIn("reqContractDetails", per_rebalance, detail)
        self.assertNotIn("reqMktData", per_rebalance, detail)
        self.assertNotIn("reqMarketDataType", per_rebalance, detail)
        # Reconcile keeps both looks (open orders, then executions); one account read before
        # the plan and one after the sells (subscribe and unsubscribe each).
        self.assertEqual(per_rebalance.get("reqAllOpenOrders"), len(rest), detail)
        self.assertEqual(per_rebalance.get("reqExecutions"), len(rest), detail)
        self.assertEqual(per_rebalance.get("reqAccountUpdates"), 4 * len(rest), detail)
        # Three what-ifs and three orders.
        self.assertEqual(per_rebalance.get("placeOrder"), 6 * len(rest), detail)

        for event in first + rest:
            orders = self.orders_of(event)
            placed = [(o["action"], o["symbol"], o["quantity"]) for o in orders]
            self.assertEqual(sorted(placed), sorted(EXPECTED_ORDERS), event["account_id"])
            self.assertTrue(all(o["status"] == "Filled" for o in orders), orders)
            # The money-path order of work: the sell first, the buys after it.
            self.assertEqual(orders[0]["action"], "SELL", orders)
        what_ifs = self.stack.ibsim.state()["what_if_checks"]
        self.assertEqual(sorted((w["action"], w["symbol"]) for w in what_ifs),
                         sorted([(action, symbol) for action, symbol, _ in EXPECTED_ORDERS]
                                * len(ACCOUNTS)))


if __name__ == "__main__":
    unittest.main()
