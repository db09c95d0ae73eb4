#!/usr/bin/env python3
"""Redis Sentinel: what WAIT costs, and a longer failover than the e2e test's.

1. Per move: on a master with one replica (loopback), the latency of a queue move (an EVAL
   moving one element between lists, as the take does) alone and followed by WAIT 1 1000, as
   the processor sends them with REDIS_WAIT_REPLICAS=1; p50 and p99 over --moves moves.
2. Per event: N print-positions events through the processor on the Sentinel cluster with
   REDIS_WAIT_REPLICAS=0 and =1 (each event is two replicated moves: take and outcome).
3. Failover: --failover-events events (a rebalance per account, prints otherwise); the master
   is SIGKILLed after a third are done; the time to Sentinel's switch, the time from the switch
   to the first event done on the promoted replica, and whether every event was done exactly
   once.
Writes bench/results/sentinel.json.

Usage: bench/sentinel.py [--moves 2000] [--events 300] [--failover-events 1000]
"""
import argparse
import collections
import json
import os
import tempfile
import time

import bench_common as bc
from bench_common import harness
from sentinel_cluster import MASTER_NAME, SentinelCluster

STRATEGY = "bench-strategy"
TARGETS = [("SPY", 0.5), ("TLT", 0.3), ("IEF", 0.2)]
MOVE = "return redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def move_latency(cluster, moves):
    client = harness.RespClient(cluster.master.port)
    client("DEL", "bench_a", "bench_b")
    for i in range(moves):
        client("LPUSH", "bench_a", f"event-{i}")
    results = {}
    for label, wait in (("move", False), ("move_wait", True)):
        samples = []
        source, target = ("bench_a", "bench_b") if label == "move" else ("bench_b", "bench_a")
        for _ in range(moves):
            started = time.perf_counter()
            client("EVAL", MOVE, 2, source, target)
            if wait:
                acked = client("WAIT", 1, 1000)
                if acked != 1:
                    raise SystemExit("the replica did not confirm a move")
            samples.append((time.perf_counter() - started) * 1000)
        results[label] = {"p50_ms": round(percentile(samples, 50), 3),
                          "p99_ms": round(percentile(samples, 99), 3)}
    return results


def accounts_for(count):
    return [f"DU{7000000 + i}" for i in range(count)]


def sentinel_stack(workdir, accounts, env):
    os.makedirs(workdir, exist_ok=True)
    scenario = harness.write_basic_books(os.path.join(workdir, "books.yaml"), accounts)
    stack = harness.Stack(scenario, env_overrides=dict(bc.QUIET_ENV, **env))
    stack.redis.stop()
    cluster = SentinelCluster(stack.dir)
    stack.redis = cluster
    stack.alloc.set(STRATEGY, TARGETS)
    for name in ("REDIS_HOST", "REDIS_PORT"):
        stack.env.pop(name, None)
    stack.env.update({"REDIS_SENTINELS": cluster.sentinel_endpoints(),
                      "REDIS_MASTER_NAME": MASTER_NAME})
    return stack, cluster


def done_counts(records):
    return collections.Counter(r["event_id"] for r in records if r.get("status") == "done")


def events_rate(workdir, count, wait_replicas):
    accounts = accounts_for(50)
    stack, cluster = sentinel_stack(workdir, accounts, {"REDIS_WAIT_REPLICAS": str(wait_replicas)})
    try:
        stack.start_processor()
        events = [harness.make_event(accounts[i % len(accounts)], "print-positions",
                                     strategy=STRATEGY) for i in range(count)]
        ids = {e["event_id"] for e in events}
        started = time.monotonic()
        for event in events:
            harness.enqueue(cluster.client, event)
        harness.wait_until(lambda: set(done_counts(stack.history())) >= ids, 600,
                           f"{count} events", interval=0.1)
        elapsed = time.monotonic() - started
    finally:
        stack.close()
    return {"wait_replicas": wait_replicas, "events": count,
            "events_per_s": round(count / elapsed, 1),
            "ms_per_event": round(elapsed * 1000 / count, 2)}


def failover(workdir, count):
    accounts = accounts_for(50)
    stack, cluster = sentinel_stack(workdir, accounts, {})
    try:
        stack.start_processor()
        ids = []
        for i in range(count):
            account = accounts[i % len(accounts)]
            command = "rebalance" if i // len(accounts) == (i % len(accounts)) % 10 else \
                "print-positions"
            event = harness.make_event(account, command, strategy=STRATEGY)
            harness.enqueue(cluster.client, event)
            ids.append(event["event_id"])
        harness.wait_until(lambda: len(done_counts(stack.history())) >= count // 3, 600,
                           "a third done", interval=0.1)
        old = cluster.master.port
        cluster.master.kill()
        killed = time.monotonic()
        switched, new_port = cluster.wait_switch(old, timeout=60)
        promoted = harness.RespClient(new_port)

        def done_on_promoted():
            return len(done_counts(json.loads(r) for r in
                                   promoted("LRANGE", "rebalance_history", 0, -1)))
        at_switch = done_on_promoted()
        harness.wait_until(lambda: done_on_promoted() > at_switch, 120, "resumption",
                           interval=0.02)
        resumed = time.monotonic()
        harness.wait_until(lambda: set(done_counts(stack.history())) >= set(ids), 900,
                           "every event", interval=0.2)
        counts = done_counts(stack.history())
        orders = [o for o in stack.ibsim.orders(what_if=False)
                  if (o.get("order_ref") or "").startswith("ep:")]
        legs = collections.Counter((o["account"], o["action"], o["symbol"]) for o in orders)
    finally:
        stack.close()
    return {"events": count, "switch_after_kill_s": round(switched - killed, 2),
            "resumed_after_switch_s": round(resumed - switched, 2),
            "done_twice": sum(1 for n in counts.values() if n > 1),
            "lost": len(set(ids) - set(counts)),
            "legs_traded_twice": sum(1 for n in legs.values() if n > 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=2000)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--failover-events", type=int, default=1000)
    args = parser.parse_args()
    bc.check_binaries()
    result = {"build": os.path.basename(os.environ["EP_BINARY_DIR"])}
    with tempfile.TemporaryDirectory(prefix="ep-bench-sentinel-") as workdir:
        cluster = SentinelCluster(os.path.join(workdir, "moves"))
        try:
            result["per_move"] = move_latency(cluster, args.moves)
        finally:
            cluster.stop()
        result["per_event"] = [events_rate(os.path.join(workdir, f"rate-{n}"), args.events, n)
                               for n in (0, 1)]
        result["failover"] = failover(os.path.join(workdir, "failover"), args.failover_events)
    move = result["per_move"]
    print(bc.table(["move", "p50 ms", "p99 ms"],
                   [[k, v["p50_ms"], v["p99_ms"]] for k, v in move.items()]))
    print(bc.table(["REDIS_WAIT_REPLICAS", "events/s", "ms/event"],
                   [[r["wait_replicas"], r["events_per_s"], r["ms_per_event"]]
                    for r in result["per_event"]]))
    print(bc.table(list(result["failover"].keys()), [list(result["failover"].values())]))
    bc.write_result("sentinel", result)


if __name__ == "__main__":
    main()
