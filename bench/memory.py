#!/usr/bin/env python3
"""Memory and start time of the processor (release build): the time from spawning
`event-processor run` to /health/ready answering 200 (Redis and the gateway connected), the
resident set size once ready and idle (VmRSS of /proc/<pid>/status, 2 s after ready), and after
a throughput run of N accounts (default 1000; VmRSS at the end and VmHWM, the peak). Next to
RSS, what is the process's own: PSS (shared library pages divided among the processes mapping
them) and private dirty memory (Private_Dirty of /proc/<pid>/smaps_rollup: the heap, stacks and
written data, what is the process's own), idle and at the end; Private_Clean (unshared pages of
files, mostly the binary's own code) is reported beside it. RSS counts every shared library page
in full (libcrypto alone is ~3 MB), so private dirty memory is the figure that grows with work. Start-to-ready is the median of --starts fresh
starts. Writes bench/results/memory.json.

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


def rollup_kb(pid):
    """Pss, Private_Dirty, Private_Clean and Anonymous of /proc/<pid>/smaps_rollup, in kB."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    return {"pss": fields["Pss"], "private": fields["Private_Dirty"],
            "private_clean": fields["Private_Clean"], "anonymous": fields["Anonymous"]}


def mb(kb):
    return round(kb / 1024, 1)


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
        samples["idle_rollup"] = rollup_kb(stack.processor.proc.pid)

    def on_done(stack):
        pid = stack.processor.proc.pid
        samples["end_kb"] = status_kb(pid, "VmRSS")
        samples["peak_kb"] = status_kb(pid, "VmHWM")
        samples["end_rollup"] = rollup_kb(pid)

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
              "pss_idle_mb": mb(samples["idle_rollup"]["pss"]),
              "private_idle_mb": mb(samples["idle_rollup"]["private"]),
              "pss_end_mb": mb(samples["end_rollup"]["pss"]),
              "private_end_mb": mb(samples["end_rollup"]["private"]),
              "private_clean_end_mb": mb(samples["end_rollup"]["private_clean"]),
              "anonymous_end_mb": mb(samples["end_rollup"]["anonymous"]),
              "start_to_ready_ms": round(statistics.median(starts)),
              "start_to_ready_all_ms": [round(s) for s in starts],
              "accounts": args.accounts, "events_done": args.accounts - run["not_done"],
              "throughput_of_the_run": run,
              "targets": {"rss_idle_mb": 20, "rss_peak_mb_at_1000_accounts": 64,
                          "private_mb_at_1000_accounts": 4,
                          "start_to_ready_ms": 500}}
    rows = [["RSS idle (MB, target 20)", result["rss_idle_mb"]],
            [f"RSS peak over {args.accounts} accounts (MB, VmHWM; target 64 at 1000)",
             result["rss_peak_mb"]],
            ["RSS at the end (MB)", result["rss_end_mb"]],
            ["PSS idle / at the end (MB)", f'{result["pss_idle_mb"]} / {result["pss_end_mb"]}'],
            ["private dirty idle / at the end (MB, target 4 at 1000)",
             f'{result["private_idle_mb"]} / {result["private_end_mb"]}'],
            ["private clean at the end (MB, unshared file pages: the binary)",
             result["private_clean_end_mb"]],
            [f"start -> ready (ms, median of {args.starts}; target 500)",
             result["start_to_ready_ms"]]]
    print(f"\nMemory and start ({harness.BINARY_DIR})\n")
    print(bc.table(["measure", "value"], rows))
    bc.write_result("memory", result)


if __name__ == "__main__":
    main()
