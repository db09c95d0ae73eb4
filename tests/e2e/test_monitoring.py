"""The monitoring files against a live scrape: after a rebalance (so the labelled families have
their first samples), GET /metrics carries every metric name monitoring/grafana-dashboard.json
and monitoring/alerts.yaml use. The static twin (names in metrics.cpp) and the promtool checks
are tests/monitoring."""
import os
import sys
import unittest
import urllib.request

import harness
from e2e_common import ACCOUNT, start

sys.path.insert(0, os.path.join(harness.SOURCE_DIR, "tests", "monitoring"))
from monitoring_metrics import scraped_metric_names, used_metric_names  # noqa: E402


class MonitoringFilesTest(unittest.TestCase):
    def test_every_metric_the_dashboard_and_alerts_use_is_scraped(self):
        stack = start()
        self.addCleanup(stack.close)
        stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance")
        harness.enqueue(stack.redis.client, event)
        self.assertEqual(stack.wait_outcome(event["event_id"], timeout=60).get("status"), "done")
        url = f"http://127.0.0.1:{stack.api_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as answer:
            scraped = scraped_metric_names(answer.read().decode())
        used = used_metric_names()
        self.assertGreaterEqual(len(used), 10, used)
        missing = {name: where for name, where in used.items() if name not in scraped}
        self.assertEqual(missing, {}, f"used by the monitoring files, absent from /metrics "
                                      f"(scraped: {sorted(scraped)})")


if __name__ == "__main__":
    unittest.main()
