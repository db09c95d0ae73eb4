"""Shared parts of the chaos suites (chaos.py: SIGKILLs; chaos_faults.py: gateway faults and
Redis restarts): the scenario of M accounts, the event driver, the checks from ibsim's /state
and Redis, and the result summary.

Each account gets its events one after another (the next is queued once the previous one is
done); its events alternate between two strategies that rotate the money (A: SPY 49% TLT 49%,
B: IEF 49% OLD 49%; one fill per order, 50 ms after acceptance). The accounts hold 100 of cash
(ibsim's accounts are cash accounts), so every buy needs the cash of that event's sells: the
money path's order of work (sells, fills, fresh quotes, buys) is what lets an event finish.
The checks (verify):
  * every event has exactly one `done` outcome in rebalance_history (lost = none,
    duplicate_done = more than one);
  * no order leg was traded twice: per (event, side, symbol) at most one order with fills
    (orders fill whole, so a second filled order on a leg is a double trade);
  * every account holds each target within 1 share of investable x weight / price of its last
    event's strategy, and nothing else;
  * active_events_set is empty, every rebalance_processing:* list is empty, and
    rebalance_dead_letter is empty.
"""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "e2e"))

import harness  # noqa: E402

# Each strategy sells everything the other one holds: the buys are paid by the sells. Weights
# sum to 0.98, so the ask spread and commissions never cut a buy below the 1-share check.
STRATEGIES = {"chaos-a": [("SPY", 0.49), ("TLT", 0.49)],
              "chaos-b": [("IEF", 0.49), ("OLD", 0.49)]}
PRICES = harness.BASIC_BOOK_PRICES
RESERVE_PERCENT = 1.0
CASH = 100


def account_id(i):
    return f"DU{9000000 + i}"


def write_scenario(directory, accounts, fill_delay_ms=50):
    """The basic book per account (harness.write_basic_books); orders fill fill_delay_ms after
    acceptance."""
    return harness.write_basic_books(os.path.join(directory, "chaos.yaml"),
                                     [account_id(i) for i in range(accounts)],
                                     response_delay_ms=2, submit_delay_ms=5,
                                     fill_delay_ms=fill_delay_ms, cash=CASH)


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

    def step(self, history, max_queued=None):
        """Records the events done and queues each idle account's next event, at most
        max_queued events in all (None: no limit)."""
        done_ids = {r["event_id"] for r in history if r.get("status") == "done"}
        self.done |= done_ids & set(self.strategy_of)
        for account, total in self.per_account.items():
            in_flight = self.current.get(account)
            if in_flight and in_flight not in self.done:
                continue
            if self.queued[account] >= total:
                self.current.pop(account, None)
                continue
            if max_queued is not None and len(self.strategy_of) >= max_queued:
                continue
            strategy = "chaos-a" if self.queued[account] % 2 == 0 else "chaos-b"
            event = harness.make_event(account, "rebalance", strategy=strategy,
                                       reserve=RESERVE_PERCENT)
            harness.enqueue(self.stack.redis.client, event)
            self.queued[account] += 1
            self.current[account] = event["event_id"]
            self.strategy_of[event["event_id"]] = strategy
            self.account_of[event["event_id"]] = account

    def in_flight(self):
        return sum(1 for e in self.current.values() if e not in self.done)

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
    outcomes = {}  # status -> records (retries and parked events show here)
    for record in history:
        outcomes[record.get("status")] = outcomes.get(record.get("status"), 0) + 1
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
            "dead_letters": dead, "orders": sum(placed_orders.values()), "outcomes": outcomes,
            "legs_placed_more_than_once": sum(1 for n in placed_orders.values() if n > 1),
            "details": {"lost": lost[:20], "duplicate_done": duplicate_done[:20],
                        "duplicate_legs": duplicate_legs[:20],
                        "off_target": dict(list(off_target.items())[:20]),
                        "active_events_set": active[:20], "processing": processing}}


# Result keys that must be zero for a run to pass.
FAILING_KEYS = ("lost", "duplicate_legs", "duplicate_done", "off_target_accounts",
                "active_events_left", "processing_left", "dead_letters")


class Processors:
    """`count` processors on one Redis and one gateway; the first is the stack's own (its API
    answers stack.api), the others have their own API ports. With default settings each
    claims its own worker id and IB client id in Redis; one killed and started again takes
    its ids back. env_of(i) may give a processor its own settings (e.g. a fixed client id)."""

    def __init__(self, stack, count, env_of=None):
        self.stack = stack
        self.env_of = env_of or (lambda i: {})
        stack.env.update(self.env_of(0))
        self.live = [stack.start_processor()]
        for i in range(1, count):
            self.live.append(stack.start_extra_processor(self.env_of(i)))

    def restart(self, i):
        """SIGKILL processor i and start its replacement."""
        self.live[i].kill()
        if i == 0:
            self.live[0] = self.stack.start_processor()
        else:
            self.live[i] = self.stack.start_extra_processor(self.env_of(i))

    def alive(self):
        # The first may also have been restarted through the stack (fault_kinds.processor_kill).
        return all(p.alive() for p in [self.stack.processor] + self.live[1:])


def start_stack(workdir, accounts, appendonly=False, env_overrides=None, fill_delay_ms=50,
                config_overrides=None):
    """Redis, ibsim with the chaos scenario and the allocation stub serving both strategies
    (the processor is not started yet)."""
    env = {"LOG_LEVEL": "INFO"}
    env.update(env_overrides or {})
    stack = harness.Stack(write_scenario(workdir, accounts, fill_delay_ms), appendonly=appendonly,
                          env_overrides=env, config_overrides=config_overrides)
    for name, targets in STRATEGIES.items():
        stack.alloc.set(name, targets)
    return stack


def drive(stack, driver, started, timeout_s, on_tick=None, max_queued=None, tick_s=0.05):
    """Queues events until every one is done or the timeout passes, calling on_tick between
    steps (where the fault injection happens); max_queued() may cap the events queued so far.
    Returns True when every event is done."""
    while not driver.finished():
        if time.monotonic() - started > timeout_s:
            print(f"chaos: timed out after {timeout_s:.0f}s", flush=True)
            return False
        driver.step(stack.history(), max_queued() if max_queued else None)
        if on_tick:
            on_tick()
        time.sleep(tick_s)
    # The last outcome is written before the dedup key and the processing list are cleared:
    # give the worker a moment to finish its bookkeeping.
    harness.wait_until(lambda: not stack.redis.client("SMEMBERS", "active_events_set"),
                       10, "active_events_set to empty")
    return True


def summarize(report, alive, extra):
    """The result record (extra first: events, accounts, kills or faults...) and the names of
    the failed checks."""
    result = dict(extra)
    for key in FAILING_KEYS + ("orders", "legs_placed_more_than_once", "outcomes"):
        result[key] = report[key]
    result["processor_alive_at_end"] = alive
    failures = [k for k in FAILING_KEYS if result[k]]
    if not alive:
        failures.append("processor_alive_at_end")
    return result, failures


def finish(result, failures, report, result_name=None):
    """Prints the result (and the details of a failure), writes bench/results/<name>.json when
    result_name is given, and exits 0 only when every check passed."""
    print(json.dumps(result, indent=2))
    if failures:
        print("chaos: FAILED:", ", ".join(failures), json.dumps(report["details"], indent=2))
    if result_name:
        path = os.path.join(SOURCE_DIR, "bench", "results", result_name + ".json")
        with open(path, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        print(f"written {os.path.relpath(path, SOURCE_DIR)}")
    sys.exit(1 if failures else 0)
