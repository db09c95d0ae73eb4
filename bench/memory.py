#!/usr/bin/env python3
"""Memory and start time of the processor (release build): the time from spawning
`event-processor run` to /health/ready answering 200 (Redis and the gateway connected), the
resident set size once ready and idle (VmRSS of /proc/<pid>/status, 2 s after ready), and after
a throughput run of N accounts (default 1000 if --accounts is not given: the issue's figure;
VmRSS at the end and VmHWM, the peak). Start-to-ready is the median of --starts fresh starts.
Writes bench/results/memory.json.

Usage: bench/memory.py [--accounts 1000] [--starts 5]
"""
import argparse
import statistics
import tempfile
import time

import bench_common as bc
import throughput
from bench_common import harness


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--timeout-s", type=float, default=1800)
    args = parser.parse_args()
    bc.check_binaries()
    samples = {}

    def on_ready(stack):
        time.sleep(2)  # idle: let start-up allocations settle before sampling
        samples["idle_kb"] = status_kb(stack.processor.proc.pid, "VmRSS")

    def on_done(stack):
        pid = stack.processor.proc.pid
        samples["end_kb"] = status_kb(pid, "VmRSS")
        samples["peak_kb"] = status_kb(pid, "VmHWM")

    with tempfile.TemporaryDirectory(prefix="ep-bench-") as workdir:
        starts = []
        for _ in range(args.starts):
            stack = harness.Stack(throughput.write_scenario(workdir, 1),
                                  env_overrides=bc.QUIET_ENV)
            try:
                starts.append(throughput.start_timed(stack))
            finally:
                stack.close()
        run = throughput.run(args.accounts, args.timeout_s, workdir, on_ready, on_done)
    result = {"rss_idle_mb": round(samples["idle_kb"] / 1024, 1),
              "rss_peak_mb": round(samples["peak_kb"] / 1024, 1),
              "rss_end_mb": round(samples["end_kb"] / 1024, 1),
              "start_to_ready_ms": round(statistics.median(starts)),
              "start_to_ready_all_ms": [round(s) for s in starts],
              "accounts": args.accounts, "events_done": args.accounts - run["not_done"],
              "throughput_of_the_run": run,
              "targets": {"rss_idle_mb": 20, "rss_peak_mb_at_1000_accounts": 64,
                          "start_to_ready_ms": 500}}
    rows = [["RSS idle (MB, target 20)", result["rss_idle_mb"]],
            [f"RSS peak over {args.accounts} accounts (MB, VmHWM; target 64 at 1000)",
             result["rss_peak_mb"]],
            ["RSS at the end (MB)", result["rss_end_mb"]],
            [f"start -> ready (ms, median of {args.starts}; target 500)",
             result["start_to_ready_ms"]]]
    print(f"\nMemory and start ({harness.BINARY_DIR})\n")
    print(bc.table(["measure", "value"], rows))
    bc.write_result("memory", result)


if __name__ == "__main__":
    main()
