"""Shared helpers of the benchmark commands (bench/*.py): the e2e harness pointed at the
release build, timing helpers and the result writer.

The harness (tests/e2e/harness.py) starts redis-server, ibsim, the allocation stub and the
processor on free loopback ports; this module only chooses the binaries and quiets the logs.
"""
import json
import os
import statistics
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(BENCH_DIR)
RESULTS_DIR = os.path.join(BENCH_DIR, "results")
SCENARIOS_DIR = os.path.join(BENCH_DIR, "scenarios")

# The release build unless the caller says otherwise (EP_BINARY_DIR or the explicit paths).
os.environ.setdefault("EP_BINARY_DIR", os.path.join(SOURCE_DIR, "build", "release"))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "e2e"))

import harness  # noqa: E402  (needs the environment above)

# Benchmarks log at INFO: DEBUG lines would be part of what is measured.
QUIET_ENV = {"LOG_LEVEL": "INFO"}


def scenario(name):
    return os.path.join(SCENARIOS_DIR, name + ".yaml")


def check_binaries():
    for path in (harness.PROCESSOR_BIN, harness.IBSIM_BIN):
        if not os.path.exists(path):
            sys.exit(f"missing {path}: build it first (cmake --preset release && "
                     "cmake --build --preset release --target event-processor ibsim)")


def median(values):
    return statistics.median(values) if values else 0.0


def write_result(name, data):
    os.makedirs(RESULTS_DIR, exist_ok=True)
    path = os.path.join(RESULTS_DIR, name + ".json")
    with open(path, "w") as f:
        json.dump(data, f, indent=2, sort_keys=False)
        f.write("\n")
    print(f"\nwritten {os.path.relpath(path, SOURCE_DIR)}")
    return path


def table(headers, rows):
    """A markdown table as text."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def status_kb(pid, field):
    """A field of /proc/<pid>/status in kB (VmRSS, VmHWM)."""
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


def memory_sample(pid):
    """RSS, peak RSS (VmHWM), PSS and private dirty memory of one process, in MB."""
    rollup = rollup_kb(pid)
    return {"rss_mb": round(status_kb(pid, "VmRSS") / 1024, 1),
            "rss_peak_mb": round(status_kb(pid, "VmHWM") / 1024, 1),
            "pss_mb": round(rollup["pss"] / 1024, 1),
            "private_mb": round(rollup["private"] / 1024, 1),
            "private_clean_mb": round(rollup["private_clean"] / 1024, 1)}
