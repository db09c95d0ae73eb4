"""Pause means nothing new starts (even an event pushed while the processor was already waiting
on the queue), a bodiless POST pauses and resumes, and a dead-lettered event never leaves its
de-duplication key behind."""
import json
import socket
import time
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, event_orders, start


def bodiless_post(port, path):
    """POST without a body or Content-Length, as `curl -X POST URL` sends it: (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n"
                     "Connection: close\r\n\r\n".encode())
        answer = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.decode().partition("\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


class PauseAndKeysTest(unittest.TestCase):
    def setUp(self):
        self.stack = start()
        self.addCleanup(self.stack.close)
        self.stack.start_processor()
        self.redis = self.stack.redis.client

    def processing(self):
        items = []
        for key in self.redis("KEYS", "rebalance_processing:*") or []:
            items += self.redis("LRANGE", key, 0, -1)
        return items

    def test_after_the_pause_answers_no_event_starts(self):
        # Warm up: the processor is idle, blocked on the empty queue, before each round.
        first = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(self.redis, first)
        self.stack.wait_status(first["event_id"], "done", 60)
        started = time.monotonic()
        for round_ in range(50):
            status, body = bodiless_post(self.stack.api_port, "/processing/pause")
            self.assertEqual((status, body["paused"]), (200, True), body)
            event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
            text = harness.enqueue(self.redis, event)
            # Give a processor that would (wrongly) take it the time to do so.
            deadline = time.monotonic() + 0.15
            while time.monotonic() < deadline:
                self.assertEqual(self.redis("LRANGE", "rebalance_queue", 0, -1), [text],
                                 f"round {round_}: the event left the queue while paused")
                time.sleep(0.01)
            self.assertEqual(self.processing(), [], f"round {round_}")
            self.assertIsNone(self.stack.outcome_of(event["event_id"]), f"round {round_}")
            self.assertEqual(event_orders(self.stack, event["event_id"]), [])
            status, body = bodiless_post(self.stack.api_port, "/processing/resume")
            self.assertEqual((status, body["paused"]), (200, False), body)
            self.stack.wait_status(event["event_id"], "done", 30)
            harness.wait_until(lambda: self.processing() == [], 10, "the processing list")
        self.assertLess(time.monotonic() - started, 100)
        self.assertTrue(self.stack.processor.alive())

    def test_a_null_event_id_is_dead_lettered_and_releases_its_key(self):
        broken = harness.make_event(ACCOUNT, "print-positions", strategy=STRATEGY)
        broken["event_id"] = None
        harness.enqueue(self.redis, broken)
        key = f"{ACCOUNT}:print-positions"
        dead = harness.wait_until(lambda: self.redis("LRANGE", "rebalance_dead_letter", 0, -1),
                                  30, "the dead letter")
        record = json.loads(dead[0])
        self.assertIn("event_id", record["reason"])
        self.assertEqual(json.loads(record["event"])["event_id"], None)  # kept whole
        harness.wait_until(lambda: self.redis("SISMEMBER", "active_events_set", key) == 0, 10,
                           "the dedup key to be released")
        # The account's next event of that command is accepted and runs.
        status, body = self.stack.api("/queue/events", "POST", {
            "account_id": ACCOUNT, "exec_command": "print-positions", "data": {}})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.stack.wait_outcome(body["event_id"])["status"], "done")
        self.assertEqual(self.redis("SMEMBERS", "active_events_set"), [])

    def test_deleting_a_dead_letter_releases_a_key_left_behind(self):
        # A dead letter whose key an older version left in active_events_set.
        self.redis("SET", "rebalance_paused", "1")  # keep the queued copy below queued
        event = harness.make_event(ACCOUNT, "print-orders", strategy=STRATEGY)
        record = {"event": json.dumps(event), "reason": "invalid_input: test",
                  "failed_at": "2025-07-20T13:00:00.000000+00:00",
                  "event_id": event["event_id"], "account_id": ACCOUNT}
        self.redis("LPUSH", "rebalance_dead_letter", json.dumps(record))
        key = f"{ACCOUNT}:print-orders"
        # While a live copy of the same account and command is queued, its key stays.
        sibling = harness.make_event(ACCOUNT, "print-orders", strategy=STRATEGY)
        harness.enqueue(self.redis, sibling)
        status, _ = self.stack.api(f"/queue/events/{event['event_id']}", "DELETE")
        self.assertEqual(status, 200)
        self.assertEqual(self.redis("SISMEMBER", "active_events_set", key), 1)
        # Without one, the leaked key goes with the dead letter.
        self.redis("LPUSH", "rebalance_dead_letter", json.dumps(record))
        self.redis("DEL", "rebalance_queue")
        status, _ = self.stack.api(f"/queue/events/{event['event_id']}", "DELETE")
        self.assertEqual(status, 200)
        self.assertEqual(self.redis("SISMEMBER", "active_events_set", key), 0)
        self.assertEqual(self.redis("LLEN", "rebalance_dead_letter"), 0)


if __name__ == "__main__":
    unittest.main()
