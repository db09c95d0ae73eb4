#!/usr/bin/env python3
"""ctest monitoring_files: every metric the Grafana dashboard and the alert rules use is one the
service exports (src/monitor_http/metrics.cpp), and both files use each alert-worthy figure.
The promtool checks run next to it (CMakeLists.txt)."""
import sys

from monitoring_metrics import source_metric_names, used_metric_names


def main():
    exported = source_metric_names()
    used = used_metric_names()
    failures = []
    if len(exported) < 15:
        failures.append(f"found only {sorted(exported)} in metrics.cpp: did its spelling change?")
    if len(used) < 10:
        failures.append(f"the dashboard and the alerts use only {sorted(used)}")
    for name, where in sorted(used.items()):
        if name not in exported:
            failures.append(f"{name} (used by {', '.join(sorted(set(where)))}) is not exported")
    for failure in failures:
        print(f"check_monitoring: FAIL: {failure}")
    if not failures:
        print(f"check_monitoring: ok ({len(used)} metric names used, all exported)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
