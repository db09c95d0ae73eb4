"""The metric names monitoring/grafana-dashboard.json and monitoring/alerts.yaml use, and the
ones the service exports (src/monitor_http/metrics.cpp), so a renamed metric cannot leave a
panel or an alert silently empty. Used by check_monitoring.py and tests/e2e/test_monitoring.py.
"""
import json
import os
import re

SOURCE_DIR = os.environ.get("EP_SOURCE_DIR", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
DASHBOARD = os.path.join(SOURCE_DIR, "monitoring", "grafana-dashboard.json")
ALERTS = os.path.join(SOURCE_DIR, "monitoring", "alerts.yaml")
METRICS_SOURCE = os.path.join(SOURCE_DIR, "src", "monitor_http", "metrics.cpp")

KEYWORDS = {"and", "or", "unless", "by", "on", "without", "ignoring", "group_left",
            "group_right", "offset", "bool", "inf", "nan"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def metric_names_in(expr):
    """The metric names of one PromQL expression (not functions, labels or keywords)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)            # strings
    text = re.sub(r"\{[^}]*\}", " ", text)                      # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)                     # ranges
    text = re.sub(r"\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?", text):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in KEYWORDS:
            continue
        names.add(name)
    return names


def dashboard_exprs():
    with open(DASHBOARD) as f:
        dashboard = json.load(f)
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def alert_exprs():
    # The rule file's exprs, read without a YAML library (python3's standard library only):
    # `expr: text` on one line or `expr: >-` with the text indented below.
    exprs, lines = [], open(ALERTS).read().splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^(\s*)expr:\s*(.*)$", line)
        if not match:
            continue
        if match.group(2) not in (">-", ">", "|", "|-"):
            exprs.append(match.group(2))
            continue
        indent, body = len(match.group(1)), []
        for follow in lines[i + 1:]:
            if follow.strip() and len(follow) - len(follow.lstrip()) <= indent:
                break
            body.append(follow.strip())
        exprs.append(" ".join(body))
    return exprs


def used_metric_names():
    """{metric family name: [where]} for every metric the dashboard and the alerts use."""
    used = {}
    for where, exprs in (("dashboard", dashboard_exprs()), ("alerts", alert_exprs())):
        for expr in exprs:
            for name in metric_names_in(expr):
                for suffix in HISTOGRAM_SUFFIXES:
                    if name.endswith(suffix) and name.startswith("ep_"):
                        name = name[: -len(suffix)]
                used.setdefault(name, []).append(where)
    return used


def source_metric_names():
    with open(METRICS_SOURCE) as f:
        return set(re.findall(r'"((?:ep|process)_[a-z0-9_]+)"', f.read()))


def scraped_metric_names(text):
    """Metric family names of a Prometheus text exposition (# TYPE lines and samples)."""
    names = set(re.findall(r"^# TYPE (\S+) ", text, re.M))
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0)
            for suffix in HISTOGRAM_SUFFIXES:
                if name.endswith(suffix) and name[: -len(suffix)] in names:
                    name = name[: -len(suffix)]
            names.add(name)
    return names
