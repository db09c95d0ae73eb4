#!/usr/bin/env python3
"""Rebalance throughput on one gateway connection: N accounts (default 100) on one strategy,
one rebalance event each, ibsim with zero added latency. Prints events/s, the TWS messages the
processor sent per event (ibsim counts the requests it receives per client and per request
name: GET /state `messages_received`, `messages_received_by_type`), the ratio to the pacing
bound (50 messages/s / messages per event) and the error 100s ibsim sent
(`pacing_errors_sent`); writes bench/results/throughput.json.

Every account holds the same book as the e2e basic scenario (SPY 50, TLT 100, OLD 30, cash
20800), so each event places one sell (OLD) and two buys (TLT, IEF). The first event runs
alone: what it sends once per connection (contract details, quote subscriptions,
reqMarketDataType) is reported apart, and `messages_per_rebalance` counts the other events'
messages only, without the connection's heartbeats; `messages_per_event` counts all of them.

Usage: bench/throughput.py [--accounts 100 [1000 ...]] [--timeout-s 900]
                           [--before-processor PATH] [--no-write]
--before-processor runs the same book first with another event-processor binary (e.g. one built
from main before a change) against this ibsim, and prints both. The scenario is generated into
a temporary directory (N accounts) at run time.
"""
import argparse
import os
import tempfile
import time

import bench_common as bc
from bench_common import harness

STRATEGY = "bench-throughput"
TARGETS = [("SPY", 0.5), ("TLT", 0.3), ("IEF", 0.2)]
PACING_MSGS_PER_S = 50


def account_id(i):
    return f"DU{8000000 + i}"


def write_scenario(directory, accounts):
    """The basic book per account (harness.write_basic_books), no added latency."""
    return harness.write_basic_books(os.path.join(directory, f"throughput-{accounts}.yaml"),
                                     [account_id(i) for i in range(accounts)])


def messages_received(stack):
    state = stack.ibsim.state()
    return sum(state.get("messages_received", {}).values()), state.get("pacing_errors_sent", 0)


def messages_by_type(stack):
    """Requests received so far by request name, summed over the client ids."""
    totals = {}
    for counts in stack.ibsim.state().get("messages_received_by_type", {}).values():
        for name, count in counts.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def difference(after, before):
    return {name: count - before.get(name, 0) for name, count in after.items()
            if count - before.get(name, 0) > 0}


def done_count(stack, ids):
    statuses = {}
    for record in stack.history():
        if record.get("event_id") in ids:
            statuses.setdefault(record["event_id"], record["status"])
    return statuses


def start_timed(stack, processor_bin=None):
    """Starts the processor and returns the ms from the spawn to /health/ready answering 200
    (polled every 2 ms)."""
    stack.runs += 1
    started_at = time.monotonic()
    stack.processor = harness.Process([processor_bin or harness.PROCESSOR_BIN, "run"],
                                      os.path.join(stack.dir, f"processor-{stack.runs}.log"),
                                      stack.env)
    harness.wait_until(lambda: stack.api("/health/ready")[0] == 200, 60, "ready",
                       interval=0.002)
    return (time.monotonic() - started_at) * 1000


def run(accounts, timeout_s, workdir, on_ready=None, on_done=None, processor_bin=None):
    """One run; on_ready(stack) / on_done(stack) let bench/memory.py sample the process."""
    stack = harness.Stack(write_scenario(workdir, accounts), env_overrides=bc.QUIET_ENV)
    try:
        stack.alloc.set(STRATEGY, TARGETS)
        ready_ms = start_timed(stack, processor_bin)
        if on_ready:
            on_ready(stack)
        if "messages_received_by_type" not in stack.ibsim.state():
            raise SystemExit("this ibsim has no messages_received_by_type counter: rebuild it")
        before, errors_before = messages_received(stack)
        types_before = messages_by_type(stack)
        events = [harness.make_event(account_id(i), "rebalance", strategy=STRATEGY)
                  for i in range(accounts)]
        ids = {e["event_id"] for e in events}
        started = time.monotonic()
        # The first event alone: what it sends beyond the others is once per connection.
        harness.enqueue(stack.redis.client, events[0])
        harness.wait_until(lambda: len(done_count(stack, {events[0]["event_id"]})) == 1,
                           timeout_s, "the first outcome", interval=0.01)
        first, _ = messages_received(stack)
        types_first = messages_by_type(stack)
        for event in events[1:]:
            harness.enqueue(stack.redis.client, event)
        statuses = harness.wait_until(
            lambda: (lambda s: s if len(s) == accounts else None)(done_count(stack, ids)),
            timeout_s, f"{accounts} outcomes", interval=0.2)
        elapsed_s = time.monotonic() - started
        after, errors_after = messages_received(stack)
        types_after = messages_by_type(stack)
        orders = [o for o in stack.ibsim.orders() if o.get("status") == "Filled"]
        alive = stack.processor.alive()
        if on_done:
            on_done(stack)
    finally:
        stack.close()
    failed = {i: s for i, s in statuses.items() if s != "done"}
    messages = after - before
    per_event = messages / accounts
    rest = max(accounts - 1, 1)
    events_per_s = accounts / elapsed_s
    bound = PACING_MSGS_PER_S / per_event
    by_type = difference(types_after, types_first)
    # Heartbeats (reqCurrentTime every 10 s) belong to the connection, not to a rebalance.
    heartbeats = by_type.get("reqCurrentTime", 0)
    return {"accounts": accounts, "events_per_s": round(events_per_s, 3),
            "messages_per_event": round(per_event, 2),
            "messages_per_rebalance": round((after - first - heartbeats) / rest, 2),
            "first_event_messages": first - before,
            "messages_per_rebalance_by_type": {
                name: round(count / rest, 2) for name, count in sorted(by_type.items())},
            "first_event_by_type": difference(types_first, types_before),
            "filled_orders_per_event": round(len(orders) / accounts, 2),
            "pacing_bound_events_per_s": round(bound, 3),
            "pacing_bound_ratio": round(events_per_s / bound, 3),
            "error_100": errors_after - errors_before, "elapsed_s": round(elapsed_s, 2),
            "messages_per_s": round(messages / elapsed_s, 2), "not_done": len(failed),
            "processor_alive": alive, "start_to_ready_ms": round(ready_ms)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[100])
    parser.add_argument("--timeout-s", type=float, default=900)
    parser.add_argument("--before-processor", help="another event-processor binary to run first")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    bc.check_binaries()
    results, before = [], []
    with tempfile.TemporaryDirectory(prefix="ep-bench-") as workdir:
        for accounts in args.accounts:
            if args.before_processor:
                before.append(run(accounts, args.timeout_s, workdir,
                                  processor_bin=args.before_processor))
                before[-1]["processor"] = args.before_processor
                print(f"{accounts} accounts, before: {before[-1]}", flush=True)
            results.append(run(accounts, args.timeout_s, workdir))
            print(f"{accounts} accounts: {results[-1]}", flush=True)
    headers = ["run", "accounts", "events/s", "msgs/event", "msgs/rebalance", "filled/event",
               "msgs/s", "bound events/s", "ratio to bound", "error 100", "not done"]
    rows = [[label, r["accounts"], r["events_per_s"], r["messages_per_event"],
             r["messages_per_rebalance"], r["filled_orders_per_event"], r["messages_per_s"],
             r["pacing_bound_events_per_s"], r["pacing_bound_ratio"], r["error_100"],
             r["not_done"]]
            for label, runs in (("before", before), ("now", results)) for r in runs]
    print(f"\nThroughput, one gateway connection, zero latency ({harness.BINARY_DIR})\n")
    print(bc.table(headers, rows))
    for label, runs in (("before", before), ("now", results)):
        for r in runs:
            print(f"\n{label}, {r['accounts']} accounts, messages per rebalance by request: "
                  f"{r['messages_per_rebalance_by_type']}; once: {r['first_event_by_type']}")
    if args.no_write:
        return
    main_result = dict(results[0])
    main_result["runs"] = results
    if before:
        main_result["before"] = before
    bc.write_result("throughput", main_result)


if __name__ == "__main__":
    main()
