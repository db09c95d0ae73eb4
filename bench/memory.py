#!/usr/bin/env python3
"""Memory and start time of the processor (release build): the time from spawning
`event-processor run` to /health/ready answering 200 (Redis and the gateway connected), the
resident set size once ready and idle (VmRSS of /proc/<pid>/status, 2 s after ready), and after
a throughput run of N accounts (default 1000; VmRSS at the end and VmHWM, the peak). Next to
RSS, what is the process's own: PSS (shared library pages divided among the processes mapping
them) and private dirty memory (Private_Dirty of /proc/<pid>/smaps_rollup: the heap, stacks and
written data, what is the process's own), idle and at the end; Private_Clean (unshared pages of
files, mostly the binary's own code) is reported beside it. RSS counts every shared library
page in full (libcrypto alone is ~3 MB), so private dirty memory is the figure that grows with
work. With --processors 1 2 4, the throughput run is repeated with that many processors on one
gateway (shared pacing) and every processor is sampled; the target is private memory under
4 MB per processor at 1,000 accounts. Start-to-ready is the median of --starts fresh starts.
Writes bench/results/memory.json.

Usage: bench/memory.py [--accounts 1000] [--processors 1 [2 4]] [--starts 5]
"""
import argparse
import statistics
import tempfile

import bench_common as bc
import throughput
from bench_common import harness


def per_processor(run, moment):
    """Min and max over the run's processors of each memory figure at `moment`."""
    samples = run[f"memory_{moment}"]
    return {key: [min(s[key] for s in samples), max(s[key] for s in samples)]
            for key in samples[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--processors", type=int, nargs="+", default=[1])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--timeout-s", type=float, default=1800)
    args = parser.parse_args()
    bc.check_binaries()
    runs = {}
    with tempfile.TemporaryDirectory(prefix="ep-bench-") as workdir:
        starts = []
        for _ in range(args.starts):
            stack = harness.Stack(throughput.write_scenario(workdir, 1),
                                  env_overrides=bc.QUIET_ENV)
            try:
                starts.append(throughput.start_timed(stack))
            finally:
                stack.close()
        for processors in args.processors:
            runs[processors] = throughput.run(args.accounts, args.timeout_s, workdir,
                                              processors=processors)
    first = runs[args.processors[0]]
    idle, end = first["memory_idle"][0], first["memory_end"][0]
    result = {"rss_idle_mb": idle["rss_mb"], "rss_peak_mb": end["rss_peak_mb"],
              "rss_end_mb": end["rss_mb"], "pss_idle_mb": idle["pss_mb"],
              "private_idle_mb": idle["private_mb"], "pss_end_mb": end["pss_mb"],
              "private_end_mb": end["private_mb"],
              "private_clean_end_mb": end["private_clean_mb"],
              "start_to_ready_ms": round(statistics.median(starts)),
              "start_to_ready_all_ms": [round(s) for s in starts],
              "accounts": args.accounts, "events_done": args.accounts - first["not_done"],
              "processors": {str(n): {"idle_min_max": per_processor(r, "idle"),
                                      "end_min_max": per_processor(r, "end"),
                                      "events_done": args.accounts - r["not_done"]}
                             for n, r in runs.items()},
              "throughput_of_the_runs": list(runs.values()),
              "targets": {"rss_idle_mb": 20, "rss_peak_mb_at_1000_accounts": 64,
                          "private_mb_per_processor_at_1000_accounts": 4,
                          "start_to_ready_ms": 500}}
    rows = [[f"{n} processor(s)", f'{s["idle_min_max"]["rss_mb"][1]}',
             f'{s["end_min_max"]["rss_mb"][1]}', f'{s["end_min_max"]["rss_peak_mb"][1]}',
             f'{s["idle_min_max"]["pss_mb"][1]} / {s["end_min_max"]["pss_mb"][1]}',
             f'{s["idle_min_max"]["private_mb"][1]} / {s["end_min_max"]["private_mb"][1]}']
            for n, s in result["processors"].items()]
    print(f"\nMemory per processor at {args.accounts} accounts, largest of the processors "
          f"({harness.BINARY_DIR})\n")
    print(bc.table(["run", "RSS idle (MB, target 20)", "RSS end", "RSS peak (target 64)",
                    "PSS idle / end", "private dirty idle / end (target 4)"], rows))
    print(f'\nstart -> ready (ms, median of {args.starts}; target 500): '
          f'{result["start_to_ready_ms"]}')
    bc.write_result("memory", result)


if __name__ == "__main__":
    main()
