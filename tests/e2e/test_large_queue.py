"""The management API with 100,000 queued events (bench/large_queue.py, bounded): the status
endpoints answer from counters (p50 asserted loosely: a debug build on a shared machine; the
benchmark's figures are in bench/results/large_queue.json), the processor's memory stays small
under 16 concurrent clients, and listings are paged deep into the backlog."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "bench"))

import large_queue  # noqa: E402  (bench/ on the path above)

EVENTS = 100000
# Loose bounds: before counters, each status answer took 0.55-2.4 s and 16 clients pushed the
# process past 500 MB.
P50_BOUND_MS = 50
RSS_BOUND_MB = 40
# Under a sanitizer (the asan/tsan presets build into build/asan, build/tsan) freed memory sits
# in the sanitizer's quarantine and RSS says nothing about our own use: the bound is not checked.
SANITIZED = os.path.basename(os.environ.get("EP_BINARY_DIR", "").rstrip("/")) in ("asan", "tsan")


class LargeQueueTest(unittest.TestCase):
    def test_status_answers_stay_cheap_and_listings_are_paged(self):
        pages = {}

        def look(stack):
            for path in ("/queue/events?limit=100&offset=50000",
                         "/queue/events?type=dead&limit=10&offset=990",
                         "/queue/events?limit=5&offset=99998",
                         "/events/history?limit=10&offset=995"):
                status, body = stack.api(path)
                self.assertEqual(status, 200, path)
                pages[path] = body

        result = large_queue.measure(events=EVENTS, requests=20, clients=16, seconds=3,
                                     on_ready=look)
        status = result["queue_status"]
        self.assertEqual(status["queue_length"], EVENTS)
        self.assertEqual(status["delayed_events_count"], 1000)
        self.assertEqual(status["dead_letter_count"], 1000)
        self.assertEqual(status["events_with_retries"], EVENTS // 100 + 1000)
        self.assertGreater(status["oldest_event_age_seconds"], 0)
        self.assertEqual(result["queue_status_after"]["queue_length"], EVENTS)  # paused
        for path in large_queue.STATUS_ENDPOINTS:
            figures = result["latency"][path]
            self.assertLess(figures["p50_ms"], P50_BOUND_MS, f"{path}: {figures}")
        load = result["concurrent"]
        self.assertEqual(load["failures"], 0, load["failure_examples"])
        self.assertGreater(load["requests"], 16)
        if not SANITIZED:
            self.assertLess(load["rss_peak_mb"], RSS_BOUND_MB, json.dumps(load))

        # Pages deep in the backlog: the queue oldest first (queued-1 was pushed first).
        deep = pages["/queue/events?limit=100&offset=50000"]
        self.assertEqual(len(deep), 100)
        self.assertEqual(deep[0]["event_id"], "queued-50001")
        self.assertEqual(deep[-1]["event_id"], "queued-50100")
        # Past the queue's end the page goes on into the delayed events.
        tail = pages["/queue/events?limit=5&offset=99998"]
        self.assertEqual([e["type"] for e in tail], ["active"] * 2 + ["delayed"] * 3)
        self.assertEqual(tail[2]["event_id"], "delayed-1")
        dead = pages["/queue/events?type=dead&limit=10&offset=990"]
        self.assertEqual([e["event_id"] for e in dead], [f"dead-{i}" for i in range(10, 0, -1)])
        history = pages["/events/history?limit=10&offset=995"]
        self.assertEqual([r["event_id"] for r in history], [f"done-{i}" for i in range(5, 0, -1)])


if __name__ == "__main__":
    unittest.main()
