#!/usr/bin/env python3
"""Rebalance latency against ibsim: one account, 10 symbols, 10 trades (5 sells, 5 buys),
every gateway answer delayed 20 ms and every order filled 200 ms after it is accepted
(bench/scenarios/latency.yaml). Runs the rebalance several times (ibsim reset in between),
prints the median wall time of each phase (from the outcome record's `phases`), the total, the
floor and total / floor, and writes bench/results/rebalance_latency.json.

The floor counts the gateway round trips the workflow must wait for, one after the other
(requests that do not depend on each other are sent together and count once):
  1. the account (reqAccountUpdates / positions: what is held, the cash)
  2. the contracts of the targets and of the held symbols (the held ones are known after 1)
  3. the prices (market data snapshots need the contracts of 2)
  4. the what-if checks of all 10 orders (need the plan, which needs 1-3)
  5. placing the 5 sells (accepted after one round trip) + 200 ms to the fills
  6. the cash after the sells (the buys are sized with it)
  7. placing the 5 buys + 200 ms to the fills
The reconcile step (open orders / executions of an earlier attempt of the same event) does
not depend on 1-3 and could overlap them, so it is not counted.
=> floor = 7 x 20 ms + 2 x 200 ms = 540 ms. The allocation API (a local stub) and Redis are
not in the floor: they answer in well under a millisecond here.

With --with-lmt the same runs are repeated with ORDER_TYPE=LMT (marketable limit orders at the
quote plus a 0.5 % collar, which fill as the market orders do on ibsim) and the extra latency
that LMT adds is reported and written as `lmt` in the result: pricing the legs is local, so
the figure is what the limit path costs beyond the market path. Both figures of that
comparison are also written to bench/results/rebalance_latency_lmt.json.

Usage: bench/rebalance_latency.py [--runs N] [--with-lmt]   (EP_BINARY_DIR selects the build;
default build/release)
"""
import argparse
import json
import time

import bench_common as bc
from bench_common import harness

ACCOUNT = "DU7000001"
STRATEGY = "bench-latency"
TARGETS = [(prefix + letter, 0.1) for prefix in ("OLD", "NEW") for letter in "ABCDE"]
ROUND_TRIPS = 7
RESPONSE_MS = 20
FILL_MS = 200
FLOOR_MS = ROUND_TRIPS * RESPONSE_MS + 2 * FILL_MS
TARGET_RATIO = 1.3


# The processor paces its TWS messages (50/s, each token back 1 s + a guard after use) and one
# rebalance sends about 50: back-to-back runs would measure the pacer's wait, not a lone
# rebalance. Each run therefore starts after the pacing window has drained.
PACING_DRAIN_S = 1.5


def one_run(stack):
    time.sleep(PACING_DRAIN_S)
    stack.ibsim.post("/reset", {})
    event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
    started = time.monotonic()
    harness.enqueue(stack.redis.client, event)
    outcome = harness.wait_until(lambda: stack.outcome_of(event["event_id"]), 60,
                                 "the rebalance outcome", interval=0.005)
    end_to_end_ms = (time.monotonic() - started) * 1000
    if outcome["status"] != "done":
        raise SystemExit(f"rebalance did not complete: {json.dumps(outcome)[:2000]}")
    sides = [o["side"] for o in outcome["orders"]]
    if sides.count("SELL") != 5 or sides.count("BUY") != 5:
        raise SystemExit(f"expected 5 sells and 5 buys, got {sides}")
    return outcome["phases"], end_to_end_ms


def measure(runs, env=None):
    stack = harness.Stack(bc.scenario("latency"), env_overrides={**bc.QUIET_ENV, **(env or {})})
    try:
        stack.alloc.set(STRATEGY, TARGETS)
        stack.start_processor()
        harness.wait_until(lambda: stack.api("/health/ready")[0] == 200, 30, "ready")
        return [one_run(stack) for _ in range(runs)]
    finally:
        stack.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--with-lmt", action="store_true",
                        help="also run with ORDER_TYPE=LMT and report the extra latency")
    args = parser.parse_args()
    bc.check_binaries()
    runs = measure(args.runs)
    lmt = None
    if args.with_lmt:
        lmt_runs = measure(args.runs, {"ORDER_TYPE": "LMT", "LIMIT_COLLAR_PERCENT": "0.5"})
        lmt_totals = [sum(r[0].values()) for r in lmt_runs]
        lmt = {"total_ms": bc.median(lmt_totals),
               "end_to_end_ms": round(bc.median([r[1] for r in lmt_runs]), 1),
               "per_run_total_ms": lmt_totals}

    names = []
    for phases_of_run, _ in runs:  # a phase may appear in some runs only
        names += [n for n in phases_of_run if n not in names]
    phases = {name: bc.median([r[0].get(name, 0) for r in runs]) for name in names}
    totals = [sum(r[0].values()) for r in runs]
    total_ms = bc.median(totals)
    end_to_end_ms = bc.median([r[1] for r in runs])
    ratio = total_ms / FLOOR_MS
    rows = [[name, f"{ms:.0f}"] for name, ms in phases.items()]
    rows += [["**total** (sum of phases, median)", f"{total_ms:.0f}"],
             ["enqueue -> outcome in Redis (median)", f"{end_to_end_ms:.0f}"],
             [f"**floor** ({ROUND_TRIPS} x {RESPONSE_MS} ms + 2 x {FILL_MS} ms)", FLOOR_MS],
             ["**ratio** total / floor (target <= 1.3)", f"{ratio:.2f}"]]
    print(f"Rebalance latency, {args.runs} runs (median), binaries from {harness.BINARY_DIR}\n")
    print(bc.table(["phase", "ms"], rows))
    print("\nper run totals (ms):", ", ".join(f"{t:.0f}" for t in totals))
    extra = {}
    if lmt:
        lmt["extra_ms"] = lmt["total_ms"] - total_ms
        lmt["extra_end_to_end_ms"] = round(lmt["end_to_end_ms"] - end_to_end_ms, 1)
        print(f"\nORDER_TYPE=LMT: total {lmt['total_ms']:.0f} ms (median), "
              f"{lmt['extra_ms']:+.0f} ms against MKT; enqueue -> outcome "
              f"{lmt['end_to_end_ms']:.0f} ms ({lmt['extra_end_to_end_ms']:+.0f} ms)")
        print("LMT per run totals (ms):", ", ".join(f"{t:.0f}" for t in lmt["per_run_total_ms"]))
        extra = {"lmt": lmt}
        bc.write_result("rebalance_latency_lmt", {
            "binary_dir": str(harness.BINARY_DIR), "runs": args.runs,
            "mkt_total_ms": total_ms, "lmt_total_ms": lmt["total_ms"],
            "extra_ms": lmt["extra_ms"], "mkt_end_to_end_ms": round(end_to_end_ms, 1),
            "lmt_end_to_end_ms": lmt["end_to_end_ms"],
            "extra_end_to_end_ms": lmt["extra_end_to_end_ms"],
            "mkt_per_run_total_ms": totals, "lmt_per_run_total_ms": lmt["per_run_total_ms"]})
    bc.write_result("rebalance_latency", {**extra,
        "total_ms": total_ms, "floor_ms": FLOOR_MS, "ratio": round(ratio, 3),
        "phases": phases, "end_to_end_ms": round(end_to_end_ms, 1), "runs": args.runs,
        "per_run_total_ms": totals, "per_run_phases": [r[0] for r in runs],
        "round_trips_in_floor": ROUND_TRIPS, "response_delay_ms": RESPONSE_MS,
        "fill_delay_ms": FILL_MS, "target_ratio": TARGET_RATIO})


if __name__ == "__main__":
    main()
