"""Several processors on one Redis and one ibsim: each account runs one event at a time (the
account lease), nothing is traded twice, and every account ends on target."""
import collections
import json
import os
import tempfile
import time
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, TARGETS, assert_on_target, assert_queue_clean, start


def start_processors(stack, count):
    """The stack's own processor plus count - 1 more, with default settings: each claims its
    own worker id and IB client id in Redis."""
    stack.env.pop("IB_CLIENT_ID", None)
    stack.env.pop("WORKER_NAME", None)
    stack.start_processor()
    return [stack.start_extra_processor() for _ in range(1, count)]


def run_intervals(text):
    """(account, event_id, started, finished) of every run in the processors' JSON logs.
    Timestamps are ISO strings of one host clock, comparable as text."""
    runs, open_runs = [], {}
    for chunk in text.split("\n"):
        try:
            line = json.loads(chunk)
        except ValueError:
            continue
        message = line.get("message")
        if message == "event started":
            open_runs[line["event_id"]] = (line["account_id"], line["timestamp"])
        elif message == "event finished" and line.get("event_id") in open_runs:
            account, started = open_runs.pop(line["event_id"])
            runs.append((account, line["event_id"], started, line["timestamp"]))
    return runs


def assert_no_overlap(test, runs):
    by_account = collections.defaultdict(list)
    for account, event_id, started, finished in runs:
        by_account[account].append((started, finished, event_id))
    for account, spans in by_account.items():
        spans.sort()
        for before, after in zip(spans, spans[1:]):
            test.assertLessEqual(before[1], after[0],
                                 f"{account}: {before[2]} ran until {before[1]} but "
                                 f"{after[2]} started at {after[0]}")


def assert_each_leg_once(test, orders):
    """Per account, one real order per (side, symbol) at most, over every event."""
    legs = collections.Counter((o["account"], o["action"], o["symbol"]) for o in orders)
    twice = {leg: n for leg, n in legs.items() if n > 1}
    test.assertEqual(twice, {}, "legs traded more than once")


class MultiProcessorTest(unittest.TestCase):
    def test_a_due_retry_and_a_new_event_of_one_account_trade_each_leg_once(self):
        # Fills take 2.5 s: the new event is still running when the retry comes due.
        stack = start("slow_fills")
        self.addCleanup(stack.close)
        start_processors(stack, 2)
        redis = stack.redis.client
        # A retry parked a while ago (due now) and the broker's new event of the same account.
        retry = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        retry["times_queued"] = 2
        retry["last_error"] = "allocation API answered 500"
        redis("ZADD", "rebalance_delayed_set", time.time() - 30, json.dumps(retry))
        fresh = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(redis, fresh)

        stack.wait_status(fresh["event_id"], "done", 60)
        stack.wait_status(retry["event_id"], "done", 60)
        orders = [o for o in stack.ibsim.orders(what_if=False)
                  if (o.get("order_ref") or "").startswith("ep:")]
        self.assertTrue(orders, "nothing traded")
        assert_each_leg_once(self, orders)
        assert_on_target(self, stack)
        assert_no_overlap(self, run_intervals(stack.processor_logs()))
        harness.wait_until(lambda: redis("ZCARD", "rebalance_delayed_set") == 0, 10,
                           "the retry set to empty")
        assert_queue_clean(self, stack)
        self.assertEqual(redis("KEYS", "rebalance_lease:*"), [])

    def test_three_processors_many_accounts_never_overlap_an_account(self):
        accounts = [f"DU{2000000 + i}" for i in range(20)]
        books = tempfile.TemporaryDirectory(prefix="ep-books-")
        self.addCleanup(books.cleanup)
        scenario = harness.write_basic_books(os.path.join(books.name, "books.yaml"), accounts,
                                             response_delay_ms=2, submit_delay_ms=10,
                                             fill_delay_ms=100)
        stack = harness.Stack(scenario)
        self.addCleanup(stack.close)
        stack.alloc.set(STRATEGY, TARGETS)
        extra = start_processors(stack, 3)
        redis = stack.redis.client
        # Per account, one after the other in the queue: a rebalance, a print, and a second
        # rebalance pushed past the broker's de-duplication (as an operator's retry could): the
        # idle processors would take all three at once; the lease must keep them apart.
        ids = []
        for account in accounts:
            for command in ("rebalance", "print-positions", "rebalance"):
                event = harness.make_event(account, command, strategy=STRATEGY)
                text = json.dumps(event)
                redis("SADD", "active_events_set", f"{account}:{command}")
                redis("LPUSH", "rebalance_queue", text)
                ids.append(event["event_id"])
        started = time.monotonic()
        for event_id in ids:
            stack.wait_status(event_id, "done", max(5, 100 - (time.monotonic() - started)))
        runs = run_intervals(stack.processor_logs())
        self.assertGreaterEqual(len(runs), len(ids))
        assert_no_overlap(self, runs)
        self.assertEqual({run[1] for run in runs}, set(ids))
        orders = [o for o in stack.ibsim.orders(what_if=False)
                  if (o.get("order_ref") or "").startswith("ep:")]
        assert_each_leg_once(self, orders)
        for account in accounts:
            assert_on_target(self, stack, account=account)
        # The work was shared: every processor ran events.
        per_log = [stack.processor.output()] + [p.output() for p in extra]
        for text in per_log:
            self.assertIn('"event started"', text)
        assert_queue_clean(self, stack)
        self.assertEqual(redis("KEYS", "rebalance_lease:*"), [])


if __name__ == "__main__":
    unittest.main()
