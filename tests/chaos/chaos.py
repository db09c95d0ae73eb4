#!/usr/bin/env python3
"""Chaos: N rebalance events over M accounts while the processor is SIGKILLed K times at
random moments (seeded; the seed is printed) and restarted each time. Real redis-server, ibsim
and the allocation stub (tests/e2e/harness.py).

Each account gets its events one after another (the next is queued once the previous one is
done); its events alternate between two strategies, so every event trades (A: SPY 40% TLT 20%
IEF 10%, B: SPY 30% TLT 20% IEF 20%; one fill per order, 50 ms after acceptance).
Afterwards, from ibsim's /state and Redis:
  * every event has exactly one `done` outcome in rebalance_history (lost = none,
    duplicate_done = more than one);
  * no order leg was traded twice: per (event, side, symbol) at most one order with fills
    (orders fill whole, so a second filled order on a leg is a double trade);
  * every account holds each target within 1 share of investable x weight / price of its last
    event's strategy, and nothing else;
  * active_events_set is empty and every rebalance_processing:* list is empty.
A killed event waits in the dead worker's processing list until its liveness key expires
(15 s), then orphan recovery re-queues it.

Usage: chaos.py [--events 200] [--accounts 50] [--kills 30] [--seed S] [--timeout-s T]
                [--write-result]   (bench/results/chaos.json)
Exit status 0 only when every check passes.
"""
import argparse
import json
import os
import random
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "e2e"))

import harness  # noqa: E402

# Weights sum to 0.7: the ~30% kept in cash pays for every buy before the sells fill (the
# processor runs the what-if checks of all legs first, against the cash held at that moment).
STRATEGIES = {"chaos-a": [("SPY", 0.4), ("TLT", 0.2), ("IEF", 0.1)],
              "chaos-b": [("SPY", 0.3), ("TLT", 0.2), ("IEF", 0.2)]}
PRICES = {"SPY": 600.0, "TLT": 90.0, "IEF": 95.0, "OLD": 40.0}
RESERVE_PERCENT = 1.0
SCENARIO_TAIL = """defaults:
  market_data: [live, frozen, delayed]
  hours: always
  time_zone: America/New_York
  primary_exchange: ARCA
symbols:
  SPY: {con_id: 756733, price: 600.0, bid: 599.99, ask: 600.01, close: 598.0}
  TLT: {con_id: 15547841, price: 90.0, bid: 89.99, ask: 90.01, close: 90.5}
  IEF: {con_id: 12340004, price: 95.0, bid: 94.99, ask: 95.01, close: 95.2}
  OLD: {con_id: 12349999, price: 40.0, bid: 39.99, ask: 40.01, close: 40.1}
latency:
  response_delay_ms: 2
  submit_delay_ms: 5
  fill_delay_ms: 50
  partial_fill_chunks: 1
  fill_interval_ms: 0
  commission_per_share: 0.005
  commission_min: 1.0
"""


def account_id(i):
    return f"DU{9000000 + i}"


def write_scenario(directory, accounts):
    """The e2e basic book per account (SPY 50, TLT 100, OLD 30, cash 20800)."""
    path = os.path.join(directory, "chaos.yaml")
    with open(path, "w") as f:
        f.write("accounts:\n")
        for i in range(accounts):
            f.write(f"  - id: {account_id(i)}\n    cash: 20800\n    positions:\n"
                    "      - {symbol: SPY, quantity: 50, avg_cost: 500.0}\n"
                    "      - {symbol: TLT, quantity: 100, avg_cost: 95.0}\n"
                    "      - {symbol: OLD, quantity: 30, avg_cost: 40.0}\n")
        f.write(SCENARIO_TAIL)
    return path


class Driver:
    """Queues each account's events one after another and records which event used which
    strategy."""

    def __init__(self, stack, events, accounts):
        self.stack = stack
        self.per_account = {account_id(i): events // accounts + (1 if i < events % accounts else 0)
                            for i in range(accounts)}
        self.queued = {a: 0 for a in self.per_account}  # events queued so far per account
        self.current = {}  # account -> event id in flight
        self.strategy_of = {}  # event id -> strategy
        self.account_of = {}
        self.done = set()

    def step(self, history):
        done_ids = {r["event_id"] for r in history if r.get("status") == "done"}
        self.done |= done_ids & set(self.strategy_of)
        for account, total in self.per_account.items():
            in_flight = self.current.get(account)
            if in_flight and in_flight not in self.done:
                continue
            if self.queued[account] >= total:
                self.current.pop(account, None)
                continue
            strategy = "chaos-a" if self.queued[account] % 2 == 0 else "chaos-b"
            event = harness.make_event(account, "rebalance", strategy=strategy,
                                       reserve=RESERVE_PERCENT)
            harness.enqueue(self.stack.redis.client, event)
            self.queued[account] += 1
            self.current[account] = event["event_id"]
            self.strategy_of[event["event_id"]] = strategy
            self.account_of[event["event_id"]] = account

    def finished(self):
        return len(self.done) == sum(self.per_account.values())


def event_of(order_ref):
    parts = (order_ref or "").split(":")
    return parts[1] if len(parts) > 2 and parts[0] == "ep" else None


def verify(stack, driver):
    history = stack.history()
    done_counts = {}
    for record in history:
        if record.get("status") == "done":
            done_counts[record["event_id"]] = done_counts.get(record["event_id"], 0) + 1
    lost = [e for e in driver.strategy_of if done_counts.get(e, 0) == 0]
    duplicate_done = [e for e, n in done_counts.items() if n > 1]

    state = stack.ibsim.state()
    filled_orders = {}
    placed_orders = {}  # every real order, filled or not: a re-placed leg (after a cancel)
    for order in state["orders"]:
        if order.get("what_if"):
            continue
        key = (event_of(order.get("order_ref")), order["action"], order["symbol"])
        placed_orders[key] = placed_orders.get(key, 0) + 1
        if order.get("filled"):
            filled_orders[key] = filled_orders.get(key, 0) + 1
    duplicate_legs = sorted(f"{k[0]}:{k[1]}:{k[2]}" for k, n in filled_orders.items() if n > 1)

    last_strategy = {}
    for event_id, strategy in driver.strategy_of.items():  # insertion order = queue order
        last_strategy[driver.account_of[event_id]] = strategy
    off_target = {}
    for account, strategy in last_strategy.items():
        book = state["accounts"][account]
        investable = book["net_liquidation"] * (1 - RESERVE_PERCENT / 100)
        wanted = dict(STRATEGIES[strategy])
        problems = []
        for symbol, weight in wanted.items():
            target = investable * weight / PRICES[symbol]
            held = book["positions"].get(symbol, 0)
            if abs(held - target) > 1.0:
                problems.append(f"{symbol} {held} vs {target:.2f}")
        problems += [f"{s} {q} not targeted" for s, q in book["positions"].items()
                     if s not in wanted and q]
        if problems:
            off_target[account] = problems

    redis = stack.redis.client
    active = redis("SMEMBERS", "active_events_set") or []
    processing = {k: redis("LLEN", k) for k in redis("KEYS", "rebalance_processing:*") or []}
    processing = {k: n for k, n in processing.items() if n}
    dead = redis("LLEN", "rebalance_dead_letter")
    return {"lost": len(lost), "duplicate_done": len(duplicate_done),
            "duplicate_legs": len(duplicate_legs), "off_target_accounts": len(off_target),
            "active_events_left": len(active), "processing_left": sum(processing.values()),
            "dead_letters": dead, "orders": sum(placed_orders.values()),
            "legs_placed_more_than_once": sum(1 for n in placed_orders.values() if n > 1),
            "details": {"lost": lost[:20], "duplicate_done": duplicate_done[:20],
                        "duplicate_legs": duplicate_legs[:20],
                        "off_target": dict(list(off_target.items())[:20]),
                        "active_events_set": active[:20], "processing": processing}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--min-gap-s", type=float, default=0.3,
                        help="shortest time between a restart and the next kill")
    parser.add_argument("--max-gap-s", type=float, default=3.0)
    parser.add_argument("--timeout-s", type=float, default=None,
                        help="give up after this long (default 120 + 4 s per event)")
    parser.add_argument("--write-result", action="store_true",
                        help="write bench/results/chaos.json")
    args = parser.parse_args()
    if args.events < 1 or args.accounts < 1 or args.accounts > args.events:
        sys.exit("need 1 <= accounts <= events")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    print(f"chaos: {args.events} events over {args.accounts} accounts, {args.kills} kills, "
          f"seed {seed}", flush=True)
    rng = random.Random(seed)
    timeout_s = args.timeout_s or 120 + 4 * args.events
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ep-chaos-") as workdir:
        stack = harness.Stack(write_scenario(workdir, args.accounts),
                              env_overrides={"LOG_LEVEL": "INFO"})
        try:
            for name, targets in STRATEGIES.items():
                stack.alloc.set(name, targets)
            stack.start_processor()
            driver = Driver(stack, args.events, args.accounts)
            kills = 0
            next_kill = time.monotonic() + rng.uniform(args.min_gap_s, args.max_gap_s)
            while not driver.finished():
                if time.monotonic() - started > timeout_s:
                    print(f"chaos: timed out after {timeout_s:.0f}s", flush=True)
                    break
                driver.step(stack.history())
                if kills < args.kills and time.monotonic() >= next_kill:
                    stack.processor.kill()
                    kills += 1
                    print(f"chaos: kill {kills} at {time.monotonic() - started:.1f}s, "
                          f"{len(driver.done)} events done", flush=True)
                    stack.start_processor()
                    next_kill = time.monotonic() + rng.uniform(args.min_gap_s, args.max_gap_s)
                time.sleep(0.05)
            if driver.finished():
                # The last outcome is written before the dedup key and the processing list
                # are cleared: give the worker a moment to finish its bookkeeping.
                harness.wait_until(lambda: not stack.redis.client("SMEMBERS", "active_events_set"),
                                   10, "active_events_set to empty")
            report = verify(stack, driver)
            alive = stack.processor.alive()
        finally:
            stack.close()
    elapsed = time.monotonic() - started
    result = {"events": args.events, "accounts": args.accounts, "kills": kills,
              "lost": report["lost"], "duplicate_legs": report["duplicate_legs"],
              "duplicate_done": report["duplicate_done"],
              "off_target_accounts": report["off_target_accounts"],
              "active_events_left": report["active_events_left"],
              "processing_left": report["processing_left"],
              "dead_letters": report["dead_letters"], "orders": report["orders"],
              "legs_placed_more_than_once": report["legs_placed_more_than_once"],
              "processor_alive_at_end": alive,
              "seed": seed, "elapsed_s": round(elapsed, 1)}
    print(json.dumps(result, indent=2))
    failures = [k for k in ("lost", "duplicate_legs", "duplicate_done", "off_target_accounts",
                            "active_events_left", "processing_left", "dead_letters")
                if result[k]]
    if not alive:
        failures.append("processor_alive_at_end")
    if failures:
        print("chaos: FAILED:", ", ".join(failures), json.dumps(report["details"], indent=2))
    if args.write_result:
        path = os.path.join(SOURCE_DIR, "bench", "results", "chaos.json")
        with open(path, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        print(f"written {os.path.relpath(path, SOURCE_DIR)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
