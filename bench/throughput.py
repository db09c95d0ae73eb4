#!/usr/bin/env python3
"""Rebalance throughput on one gateway: N accounts (default 100) on one strategy, one
rebalance event each, ibsim with zero added latency, 1 or more processors. Prints events/s, the
TWS messages sent per event and per rebalance (ibsim counts the requests it receives per client
and per request name: GET /state `messages_received`, `messages_received_by_type`), messages/s
of all processors together against the pacing bound, the error 100s ibsim sent
(`pacing_errors_sent`), whether every account ended on target and whether any leg (account,
side, symbol) was traded twice (ibsim's orders); writes bench/results/throughput.json (one
processor) or throughput_multi.json (--processors, --modes).

Pacing modes (README "Several processors"): `shared` (the default: one budget per gateway in
Redis for every processor; ibsim meters the whole gateway, `pacing_per_gateway`, so an excess
of the processors together draws error 100) and `per_connection` (each processor paces alone;
ibsim meters each connection). The bound is 50 messages/s in shared mode and 50 x N in
per-connection mode; the scaling ratio is events/s over the same mode's run with 1 processor.
Each run also samples every processor's memory (RSS, PSS, private dirty) idle and at the end.

Every account holds the same book as the e2e basic scenario (SPY 50, TLT 100, OLD 30, cash
20800), so each event places one sell (OLD) and two buys (TLT, IEF). The first event runs
alone: what it sends once per connection (contract details, quote subscriptions,
reqMarketDataType) is reported apart, and `messages_per_rebalance` counts the other events'
messages only, without the connection's heartbeats; `messages_per_event` counts all of them.

Usage: bench/throughput.py [--accounts 100 [1000 ...]] [--processors 1 [2 4]]
                           [--modes shared [per_connection]] [--timeout-s 900]
                           [--before-processor PATH] [--no-write]
--before-processor runs the same book first with another event-processor binary (e.g. one built
from main before a change) against this ibsim, one processor, and prints both. The scenario is
generated into a temporary directory (N accounts) at run time.
"""
import argparse
import collections
import json
import os
import tempfile
import time
import urllib.request

import bench_common as bc
from bench_common import harness

STRATEGY = "bench-throughput"
TARGETS = [("SPY", 0.5), ("TLT", 0.3), ("IEF", 0.2)]
PRICES = {"SPY": 600.0, "TLT": 90.0, "IEF": 95.0, "OLD": 40.0}
PACING_MSGS_PER_S = 50
BUDGET_WINDOW_S = 1.07  # the shared budget counts a grant this long (app/wiring.cpp)


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
    stack.processor.api_port = stack.api_port
    harness.wait_until(lambda: stack.api("/health/ready")[0] == 200, 60, "ready",
                       interval=0.002)
    return (time.monotonic() - started_at) * 1000


def off_target(state, accounts):
    """Accounts not within 1.5 shares of every target (the e2e check), or still holding OLD."""
    wrong = []
    for i in range(accounts):
        book = state["accounts"][account_id(i)]
        investable = book["net_liquidation"] * 0.99
        held = book["positions"]
        if any(abs(held.get(s, 0) - investable * w / PRICES[s]) > 1.5 for s, w in TARGETS) or \
                held.get("OLD", 0) != 0:
            wrong.append(account_id(i))
    return wrong


def legs_twice(state):
    legs = collections.Counter((o["account"], o["action"], o["symbol"]) for o in state["orders"]
                               if not o.get("what_if")
                               and (o.get("order_ref") or "").startswith("ep:"))
    return sum(1 for n in legs.values() if n > 1)


def budget_calls(processes):
    total = 0
    for process in processes:
        with urllib.request.urlopen(f"http://127.0.0.1:{process.api_port}/health/detailed",
                                    timeout=10) as answer:
            status = json.loads(answer.read())
        total += status.get("gateway", {}).get("message_budget_calls", 0)
    return total


def run(accounts, timeout_s, workdir, on_ready=None, on_done=None, processors=1,
        mode="shared", processor_bin=None):
    """One run; on_ready(stack, processes) / on_done(stack, processes) let bench/memory.py
    sample the processes."""
    env = dict(bc.QUIET_ENV, PACING_MODE=mode,
               PACING_MESSAGES_PER_SECOND=str(PACING_MSGS_PER_S))
    stack = harness.Stack(write_scenario(workdir, accounts), env_overrides=env)
    memory = {}
    try:
        stack.alloc.set(STRATEGY, TARGETS)
        # ibsim meters what the mode promises: the gateway as a whole in shared mode, each
        # connection otherwise. Excess is counted, not answered by a disconnect.
        stack.ibsim.post("/faults", {"pacing_max_per_second": PACING_MSGS_PER_S,
                                     "pacing_per_gateway": mode == "shared",
                                     "pacing_disconnect_after_seconds": 3600})
        # Default identities: each processor claims its own worker id and IB client id.
        stack.env.pop("IB_CLIENT_ID", None)
        stack.env.pop("WORKER_NAME", None)
        ready_ms = start_timed(stack, processor_bin)
        processes = [stack.processor] + [stack.start_extra_processor()
                                         for _ in range(1, processors)]
        harness.wait_until(lambda: len(stack.ibsim.state()["clients"]) == processors, 60,
                           f"{processors} processors connected")
        if on_ready:
            on_ready(stack, processes)
        time.sleep(2)  # idle: let start-up allocations settle before sampling
        memory["idle"] = [bc.memory_sample(p.proc.pid) for p in processes]
        if "messages_received_by_type" not in stack.ibsim.state():
            raise SystemExit("this ibsim has no messages_received_by_type counter: rebuild it")
        before, errors_before = messages_received(stack)
        types_before = messages_by_type(stack)
        calls_before = budget_calls(processes)
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
        calls = budget_calls(processes) - calls_before
        memory["end"] = [bc.memory_sample(p.proc.pid) for p in processes]
        state = stack.ibsim.state()
        alive = all(p.alive() for p in processes)
        if on_done:
            on_done(stack, processes)
    finally:
        stack.close()
    failed = {i: s for i, s in statuses.items() if s != "done"}
    messages = after - before
    per_event = messages / accounts
    rest = max(accounts - 1, 1)
    by_type = difference(types_after, types_first)
    # Heartbeats (reqCurrentTime every 10 s) belong to the connection, not to a rebalance.
    heartbeats = by_type.get("reqCurrentTime", 0)
    events_per_s = accounts / elapsed_s
    bound_msgs = PACING_MSGS_PER_S * (1 if mode == "shared" else processors)
    bound = bound_msgs / per_event
    return {"accounts": accounts, "processors": processors, "pacing_mode": mode,
            "events_per_s": round(events_per_s, 3),
            "messages_per_event": round(per_event, 2),
            "messages_per_rebalance": round((after - first - heartbeats) / rest, 2),
            "first_event_messages": first - before,
            "messages_per_rebalance_by_type": {
                name: round(count / rest, 2) for name, count in sorted(by_type.items())},
            "first_event_by_type": difference(types_first, types_before),
            "pacing_bound_messages_per_s": bound_msgs,
            "pacing_bound_events_per_s": round(bound, 3),
            "pacing_bound_ratio": round(events_per_s / bound, 3),
            "error_100": errors_after - errors_before, "elapsed_s": round(elapsed_s, 2),
            "messages_per_s": round(messages / elapsed_s, 2), "not_done": len(failed),
            "accounts_off_target": len(off_target(state, accounts)),
            "legs_traded_twice": legs_twice(state),
            "budget_redis_calls": calls,
            "budget_calls_per_message": round(calls / messages, 3) if messages else 0,
            "memory_idle": memory["idle"], "memory_end": memory["end"],
            "private_end_mb_max": max(m["private_mb"] for m in memory["end"]),
            "processor_alive": alive, "start_to_ready_ms": round(ready_ms)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[100])
    parser.add_argument("--processors", type=int, nargs="+", default=[1])
    parser.add_argument("--modes", nargs="+", default=["shared"],
                        choices=["shared", "per_connection"])
    parser.add_argument("--timeout-s", type=float, default=900)
    parser.add_argument("--name", help="result file name (default: throughput or "
                                       "throughput_multi)")
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
            for mode in args.modes:
                one = None
                for processors in args.processors:
                    result = run(accounts, args.timeout_s, workdir, processors=processors,
                                 mode=mode)
                    if processors == 1:
                        one = result
                    result["scaling_vs_one"] = (round(result["events_per_s"] /
                                                      one["events_per_s"], 3) if one else None)
                    results.append(result)
                    print(f"{accounts} accounts, {processors} x {mode}: {result}", flush=True)
    headers = ["run", "accounts", "processors", "mode", "events/s", "scaling vs 1",
               "msgs/event", "msgs/rebalance", "msgs/s total", "bound msgs/s", "ratio to bound", "error 100", "not done",
               "off target", "legs twice", "budget calls/msg", "private MB (max)"]
    rows = [[label, r["accounts"], r["processors"], r["pacing_mode"], r["events_per_s"],
             r.get("scaling_vs_one"), r["messages_per_event"], r["messages_per_rebalance"],
             r["messages_per_s"],
             r["pacing_bound_messages_per_s"], r["pacing_bound_ratio"], r["error_100"],
             r["not_done"], r["accounts_off_target"], r["legs_traded_twice"],
             r["budget_calls_per_message"], r["private_end_mb_max"]]
            for label, runs in (("before", before), ("now", results)) for r in runs]
    print(f"\nThroughput on one gateway, zero latency ({harness.BINARY_DIR})\n")
    print(bc.table(headers, rows))
    for label, runs in (("before", before), ("now", results)):
        for r in runs:
            print(f"\n{label}, {r['accounts']} accounts x {r['processors']}: messages per "
                  f"rebalance by request: {r['messages_per_rebalance_by_type']}; once: "
                  f"{r['first_event_by_type']}")
    if args.no_write:
        return
    main_result = dict(results[0])
    main_result["runs"] = results
    if before:
        main_result["before"] = before
    multi = args.processors != [1] or args.modes != ["shared"]
    bc.write_result(args.name or ("throughput_multi" if multi else "throughput"), main_result)


if __name__ == "__main__":
    main()
