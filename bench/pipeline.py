#!/usr/bin/env python3
"""Pipeline overhead: how fast events flow through the queue machinery when the gateway costs
next to nothing. N print-equity events (default 500) over 100 accounts, ibsim with zero added
latency, one processor. Prints events/s, the TWS messages per event and the pacing bound they
imply (print-equity reads the account: its requests still go through the 50 messages/s
limiter), the Redis commands the processor issued per event (INFO commandstats deltas, minus
the benchmark's own commands and minus the processor's idle polling measured beforehand; also
counted as round trips, the commands not run inside a Lua script), and
the CPU time the processor and redis-server spent per event (/proc/<pid>/stat). Writes
bench/results/pipeline.json.

Usage: bench/pipeline.py [--events 500] [--accounts 100] [--idle-s 5] [--timeout-s 300]
"""
import argparse
import os
import tempfile
import time

import bench_common as bc
import throughput
from bench_common import harness

PACING_MSGS_PER_S = 50
# What the processor sends itself (src/redis_queue); every other command in the counts runs
# inside one of its Lua scripts, so it costs no round trip of its own.
TOP_LEVEL = {"blmove", "lmove", "exists", "eval", "evalsha", "smembers", "scan"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class CountingClient:
    """The harness's RESP client, counting the commands this benchmark sends by name, so they
    can be taken out of redis-server's totals."""

    def __init__(self, client):
        self.client = client
        self.sent = {}

    def __call__(self, *args):
        name = str(args[0]).lower()
        self.sent[name] = self.sent.get(name, 0) + 1
        return self.client(*args)


def command_calls(redis):
    """{command: calls} from INFO commandstats. INFO is left out: only this benchmark sends it
    (the processor never does), and a reply counts the INFOs before it but not itself."""
    calls = {}
    for line in redis("INFO", "commandstats").splitlines():
        if line.startswith("cmdstat_") and not line.startswith("cmdstat_info:"):
            name, fields = line[len("cmdstat_"):].split(":", 1)
            stats = dict(item.split("=", 1) for item in fields.split(","))
            calls[name] = int(stats["calls"])
    return calls


def cpu_s(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def delta(after, before):
    return {k: after.get(k, 0) - before.get(k, 0) for k in after
            if after.get(k, 0) != before.get(k, 0)}


def minus(calls, sent):
    return {k: n - sent.get(k, 0) for k, n in calls.items() if n - sent.get(k, 0)}


def processor_calls(redis, window):
    """Runs window(); returns (elapsed seconds, the commands sent by clients other than `redis`)."""
    redis.sent.clear()
    before = command_calls(redis)
    started = time.monotonic()
    window()
    elapsed = time.monotonic() - started
    return elapsed, minus(delta(command_calls(redis), before), redis.sent)


def run(events, accounts, idle_s, timeout_s, workdir):
    stack = harness.Stack(throughput.write_scenario(workdir, accounts),
                          env_overrides=bc.QUIET_ENV)
    try:
        redis = CountingClient(stack.redis.client)
        throughput.start_timed(stack)
        idle_elapsed, idle = processor_calls(redis, lambda: time.sleep(idle_s))
        idle_per_s = {k: n / idle_elapsed for k, n in idle.items()}

        batch = [harness.make_event(throughput.account_id(i % accounts), "print-equity")
                 for i in range(events)]
        messages_before, errors_before = throughput.messages_received(stack)
        cpu_before = (cpu_s(stack.processor.proc.pid), cpu_s(stack.redis.process.proc.pid))

        def enqueue_and_wait():
            # All events are queued up front: the processor never waits for the producer.
            for event in batch:
                harness.enqueue(redis, event)
            harness.wait_until(lambda: redis("LLEN", "rebalance_history") >= events, timeout_s,
                               f"{events} outcomes", interval=0.1)

        elapsed, busy = processor_calls(redis, enqueue_and_wait)
        cpu_after = (cpu_s(stack.processor.proc.pid), cpu_s(stack.redis.process.proc.pid))
        messages_after, errors_after = throughput.messages_received(stack)
        statuses = [r.get("status") for r in stack.history()]
        alive = stack.processor.alive()
    finally:
        stack.close()

    # The processor's own polling (liveness refresh, delayed-set promotion, BLMOVE timeouts)
    # runs whether or not events arrive: take its idle rate out of the busy window.
    per_event = {k: round((n - idle_per_s.get(k, 0) * elapsed) / events, 2)
                 for k, n in busy.items()}
    per_event = {k: v for k, v in sorted(per_event.items()) if abs(v) >= 0.01}
    messages = (messages_after - messages_before) / events
    bound = PACING_MSGS_PER_S / messages if messages else None
    events_per_s = events / elapsed
    return {"events": events, "accounts": accounts,
            "events_per_s": round(events_per_s, 2),
            "messages_per_event": round(messages, 2),
            "pacing_bound_events_per_s": round(bound, 2) if bound else None,
            "pacing_bound_ratio": round(events_per_s / bound, 3) if bound else None,
            "redis_ops_per_event": round(sum(per_event.values()), 2),
            "redis_round_trips_per_event": round(sum(v for k, v in per_event.items()
                                                     if k in TOP_LEVEL), 2),
            "redis_ops_per_event_by_command": per_event,
            "redis_idle_ops_per_s": round(sum(idle_per_s.values()), 2),
            "redis_idle_ops_per_s_by_command": {k: round(v, 2)
                                                for k, v in sorted(idle_per_s.items())},
            "processor_cpu_ms_per_event": round((cpu_after[0] - cpu_before[0]) * 1000 / events,
                                                3),
            "redis_cpu_ms_per_event": round((cpu_after[1] - cpu_before[1]) * 1000 / events, 3),
            "error_100": errors_after - errors_before, "elapsed_s": round(elapsed, 2),
            "done": statuses.count("done"), "not_done": len(statuses) - statuses.count("done"),
            "processor_alive": alive}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--idle-s", type=float, default=5.0)
    parser.add_argument("--timeout-s", type=float, default=300)
    args = parser.parse_args()
    bc.check_binaries()
    with tempfile.TemporaryDirectory(prefix="ep-bench-") as workdir:
        result = run(args.events, args.accounts, args.idle_s, args.timeout_s, workdir)
    rows = [["events/s", result["events_per_s"]],
            ["TWS messages per event", result["messages_per_event"]],
            ["pacing bound (events/s)", result["pacing_bound_events_per_s"]],
            ["ratio to the pacing bound", result["pacing_bound_ratio"]],
            ["Redis commands per event (processor, with those inside its Lua scripts)",
             result["redis_ops_per_event"]],
            ["Redis round trips per event", result["redis_round_trips_per_event"]],
            ["  by command", ", ".join(f"{k} {v}" for k, v in
                                       result["redis_ops_per_event_by_command"].items())],
            ["Redis commands per idle second", result["redis_idle_ops_per_s"]],
            ["  by command", ", ".join(f"{k} {v}" for k, v in
                                       result["redis_idle_ops_per_s_by_command"].items())],
            ["processor CPU per event (ms)", result["processor_cpu_ms_per_event"]],
            ["redis-server CPU per event (ms)", result["redis_cpu_ms_per_event"]],
            ["error 100", result["error_100"]],
            ["done / not done", f"{result['done']} / {result['not_done']}"]]
    print(f"\nPipeline overhead: {args.events} print-equity events over {args.accounts} "
          f"accounts, zero gateway latency ({harness.BINARY_DIR})\n")
    print(bc.table(["measure", "value"], rows))
    bc.write_result("pipeline", result)
    if result["not_done"] or not result["processor_alive"]:
        raise SystemExit("pipeline: some events did not end done, or the processor died")


if __name__ == "__main__":
    main()
