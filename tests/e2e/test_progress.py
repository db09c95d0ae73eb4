"""Progress of a running event: while a rebalance waits for slow fills, /health/detailed and
GET /queue/events?type=processing show its phase, what it waits for ("fills of 1 sell, 3 s of
20 s") and since when; a log line every few seconds says the same; order-level lines carry
event_id and account_id; LOG_LEVEL=DEBUG logs the TWS requests (with the event) and answers,
never a secret."""
import json
import os
import re
import tempfile
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, TARGETS

FILL_DELAY_MS = 7000  # more than one progress line period (5 s)
WAIT_TEXT = re.compile(r"^fills of \d+ sells?, \d+ s of 20 s$")


def log_lines(text):
    lines = []
    for line in text.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            pass
    return lines


class ProgressTest(unittest.TestCase):
    def setUp(self):
        self.scenario_dir = tempfile.TemporaryDirectory(prefix="ep-progress-")
        self.addCleanup(self.scenario_dir.cleanup)
        scenario = harness.write_basic_books(
            os.path.join(self.scenario_dir.name, "slow.yaml"), [ACCOUNT],
            fill_delay_ms=FILL_DELAY_MS)
        self.stack = harness.Stack(scenario)  # LOG_LEVEL=DEBUG
        self.addCleanup(self.stack.close)
        self.stack.alloc.set(STRATEGY, TARGETS)
        self.stack.start_processor()

    def test_the_running_event_says_what_it_waits_for(self):
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(self.stack.redis.client, event)

        def waiting():
            status, body = self.stack.api("/health/detailed")
            current = body["processor"]["current_event"] if status == 200 else None
            return current if current and current.get("waiting_for") else None

        current = harness.wait_until(waiting, 30, "the event to wait for fills")
        self.assertEqual(current["event_id"], event["event_id"])
        self.assertEqual(current["phase"], "sells")
        self.assertRegex(current["waiting_for"], WAIT_TEXT)
        for key in ("started_at", "phase_since", "waiting_since"):
            # The one time form of every answer (docs/compatibility.md §2).
            self.assertRegex(current[key], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$", key)
        self.assertLessEqual(current["phase_since"], current["waiting_since"])
        self.assertEqual(self.stack.api("/health/detailed")[1]["gateway"]["trading_mode"], "paper")

        status, items = self.stack.api("/queue/events?type=processing")
        self.assertEqual(status, 200)
        mine = [i for i in items if i["event_id"] == event["event_id"]]
        self.assertEqual(len(mine), 1, items)
        progress = mine[0]["progress"]
        self.assertIn(progress["phase"], ("sells", "what_if", "buys"))
        if progress["phase"] == "sells":
            self.assertRegex(progress["waiting_for"], WAIT_TEXT)

        self.stack.wait_status(event["event_id"], "done", 90)
        status, body = self.stack.api("/health/detailed")
        self.assertIsNone(body["processor"]["current_event"])
        self.assertIsNone(body["gateway"]["waiting"])

        lines = log_lines(self.stack.processor_logs())
        mine = [line for line in lines if line.get("event_id") == event["event_id"]]
        # A progress line while the fills were awaited (7 s: at least one after 5 s).
        progress_lines = [line for line in mine if line["message"] == "waiting"]
        self.assertTrue(progress_lines, "no progress line")
        self.assertRegex(progress_lines[0]["waiting_for"], WAIT_TEXT)
        self.assertEqual(progress_lines[0]["account_id"], ACCOUNT)
        # Order-level lines of the broker adapter carry the event and the account.
        for message in ("order sent", "order ended", "placing order"):
            found = [line for line in mine if line["message"] == message]
            self.assertTrue(found, message)
            self.assertTrue(all(line["account_id"] == ACCOUNT for line in found), message)
        # DEBUG: the TWS requests of the event (placeOrder is message id 3) and the answers.
        requests = [line for line in mine if line["message"] == "tws request"]
        self.assertIn("3", {line["msg_id"] for line in requests})
        self.assertTrue(any(line["message"] == "tws answer" for line in lines))
        self.assertTrue(any(f"ep:{event['event_id']}:sell:" in line["fields"]
                            for line in requests if line["msg_id"] == "3"))
        self.assertNotIn("test-secret-key-123", self.stack.processor_logs())


if __name__ == "__main__":
    unittest.main()
