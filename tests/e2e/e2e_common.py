"""Shared helpers of the e2e tests: the standard strategy and the target check."""
import json
import os

import harness

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")
ACCOUNT = "DU1111111"
STRATEGY = "test-strategy"
PRICES = {"SPY": 600.0, "TLT": 90.0, "IEF": 95.0, "GLD": 240.0, "OLD": 40.0}
TARGETS = [("SPY", 0.5), ("TLT", 0.3), ("IEF", 0.2)]


def scenario(name):
    return os.path.join(SCENARIOS, name + ".yaml")


def start(name="basic", **kwargs):
    stack = harness.Stack(scenario(name), **kwargs)
    stack.alloc.set(STRATEGY, TARGETS)
    return stack


def assert_on_target(test, stack, account=ACCOUNT, targets=TARGETS, reserve=1.0):
    """Every target within one share of investable x weight / price; untargeted sold."""
    state = stack.ibsim.state()["accounts"][account]
    positions = state["positions"]
    nav = state["net_liquidation"]
    investable = nav * (1 - reserve / 100)
    wanted = dict(targets)
    for symbol, weight in targets:
        target_shares = investable * weight / PRICES[symbol]
        test.assertLessEqual(abs(positions.get(symbol, 0) - target_shares), 1.5,
                             f"{symbol}: holds {positions.get(symbol, 0)}, target "
                             f"{target_shares:.2f} (positions {json.dumps(positions)})")
    for symbol, shares in positions.items():
        if symbol not in wanted:
            test.assertEqual(shares, 0, f"{symbol} should have been sold")


def event_orders(stack, event_id):
    """Real orders (not what-if checks) that carry this event's order ref."""
    return [o for o in stack.ibsim.orders(what_if=False)
            if (o.get("order_ref") or "").startswith(f"ep:{event_id}:")]


def assert_queue_clean(test, stack):
    redis = stack.redis.client
    test.assertEqual(redis("SMEMBERS", "active_events_set"), [])
    for key in redis("KEYS", "rebalance_processing:*") or []:
        test.assertEqual(redis("LLEN", key), 0, f"{key} is not empty")
