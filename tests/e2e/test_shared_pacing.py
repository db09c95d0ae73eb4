"""Several processors on one gateway share one message budget (PACING_MODE=shared, a token
bucket in Redis keyed by the gateway): with ibsim metering the whole gateway at a low rate,
two processors together send no more than that rate and draw no error 100, trade each leg
once and bring every account on target. In per_connection mode each processor paces alone, so
two of them send more than one bound (ibsim metering each connection)."""
import os
import tempfile
import time
import unittest

import harness
from e2e_common import STRATEGY, TARGETS, assert_on_target, assert_queue_clean
from test_multi_processor import assert_each_leg_once, start_processors

RATE = 20  # messages per second: low, so the bound is reached within a short test
ACCOUNTS = [f"DU{3000000 + i}" for i in range(30)]


def run_accounts(test, mode, per_gateway):
    books = tempfile.TemporaryDirectory(prefix="ep-books-")
    test.addCleanup(books.cleanup)
    scenario = harness.write_basic_books(os.path.join(books.name, "books.yaml"), ACCOUNTS)
    stack = harness.Stack(scenario, env_overrides={
        "PACING_MODE": mode, "PACING_MESSAGES_PER_SECOND": str(RATE), "LOG_LEVEL": "INFO"})
    test.addCleanup(stack.close)
    stack.alloc.set(STRATEGY, TARGETS)
    # Errors are counted, never answered by a disconnect: the test sees every excess.
    stack.ibsim.post("/faults", {"pacing_max_per_second": RATE,
                                 "pacing_per_gateway": per_gateway,
                                 "pacing_disconnect_after_seconds": 3600})
    extra = start_processors(stack, 2)
    harness.wait_until(lambda: len(stack.ibsim.state()["clients"]) == 2, 30,
                       "both processors connected to the gateway")
    state = stack.ibsim.state()
    test.assertEqual(len(set(state["clients"])), 2, "each processor has its own client id")
    before = sum(state["messages_received"].values())
    redis = stack.redis.client
    events = [harness.make_event(account, "rebalance", strategy=STRATEGY)
              for account in ACCOUNTS]
    started = time.monotonic()
    for event in events:
        harness.enqueue(redis, event)
    for event in events:
        stack.wait_status(event["event_id"], "done", max(5, 240 - (time.monotonic() - started)))
    elapsed = time.monotonic() - started
    state = stack.ibsim.state()
    messages = sum(state["messages_received"].values()) - before
    test.assertEqual(state["pacing_errors_sent"], 0, "error 100 from the gateway")
    orders = [o for o in stack.ibsim.orders(what_if=False)
              if (o.get("order_ref") or "").startswith("ep:")]
    assert_each_leg_once(test, orders)
    for account in ACCOUNTS:
        assert_on_target(test, stack, account=account)
    assert_queue_clean(test, stack)
    # The work was shared: both processors ran events.
    for text in (stack.processor.output(), extra[0].output()):
        test.assertIn('"event started"', text)
    return messages, elapsed, redis


class SharedPacingTest(unittest.TestCase):
    def test_two_processors_share_one_gateway_budget(self):
        messages, elapsed, redis = run_accounts(self, "shared", per_gateway=True)
        # The budget counts a grant for 1.07 s: at most RATE per such window, plus one window.
        self.assertLessEqual(messages, RATE * (elapsed + 1.07),
                             f"{messages} messages in {elapsed:.1f} s: above the shared bound")
        sharers = [k for k in redis("KEYS", "tws_message_sharers:*")]
        self.assertEqual(len(sharers), 1, "one budget for the one gateway")
        self.assertEqual(redis("ZCARD", sharers[0]), 2, "both processors shared it")

    def test_per_connection_mode_paces_each_processor_alone(self):
        messages, elapsed, redis = run_accounts(self, "per_connection", per_gateway=False)
        self.assertEqual(redis("KEYS", "tws_message_*"), [], "no shared budget in this mode")
        self.assertGreater(messages / elapsed, RATE * 1.2,
                           f"{messages} messages in {elapsed:.1f} s: not above one bound")
        self.assertLessEqual(messages, 2 * RATE * (elapsed + 1.05))


if __name__ == "__main__":
    unittest.main()
