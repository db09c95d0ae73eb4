"""Depth bombs against the real binary: JSON nested far deeper than any stack could recurse.
An event nested 60,000 deep in rebalance_queue is dead-lettered with a "nested deeper" reason
and its raw text kept, its dedup key released; the API lists it (in the queue while paused, in
the dead letters, pushed raw) instead of crashing; POST bodies nested 100,000 deep are refused,
with and without a Content-Length; and the service still runs a normal event afterwards."""
import http.client
import json
import unittest

import harness
from e2e_common import ACCOUNT, start

DEPTH = 60000


def bomb(event_id, depth=DEPTH):
    return ('{"event_id": "%s", "account_id": "%s", "data": {"exec": "print-positions", "x": %s}}'
            % (event_id, ACCOUNT, "[" * depth + "]" * depth))


class DepthBombsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = start()
        cls.stack.start_processor()

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def alive(self):
        self.assertTrue(self.stack.processor.alive(), "the processor died")
        self.assertEqual(self.stack.api("/health/live")[0], 200)

    def test_deep_event_is_dead_lettered_listed_and_the_service_goes_on(self):
        redis = self.stack.redis.client
        key = f"{ACCOUNT}:print-positions"
        # Listed while it waits in the queue (paused, so it stays there).
        self.assertEqual(self.stack.api("/processing/pause", "POST")[0], 200)
        text = bomb("bomb-1")
        redis("SADD", "active_events_set", key)
        redis("LPUSH", "rebalance_queue", text)
        status, items = self.stack.api("/queue/events")
        self.assertEqual(status, 200, items)
        self.assertEqual([i["event_id"] for i in items], ["bomb-1"])
        self.assertIn("nested deeper", items[0]["payload_error"])
        self.assertEqual(self.stack.api("/processing/resume", "POST")[0], 200)

        dead = harness.wait_until(
            lambda: redis("LRANGE", "rebalance_dead_letter", 0, -1), 30, "the dead letter")
        record = json.loads(dead[0])
        self.assertEqual(record["event"], text, "the raw payload is kept whole")
        self.assertIn("nested deeper than 64", record["reason"])
        self.assertEqual(record["event_id"], "bomb-1")
        self.assertEqual(redis("SISMEMBER", "active_events_set", key), 0, "dedup key kept")
        self.assertIn("nested deeper", self.stack.outcome_of("bomb-1")["error"])

        # One more, pushed raw into the dead letters (not one of our records).
        redis("LPUSH", "rebalance_dead_letter", bomb("bomb-2"))
        status, items = self.stack.api("/queue/events?type=dead")
        self.assertEqual(status, 200, items)
        self.assertEqual(sorted(i["event_id"] for i in items), ["bomb-1", "bomb-2"])
        self.assertEqual(self.stack.api("/queue/events/bomb-2")[0], 200)
        self.assertEqual(self.stack.api("/events/history")[0], 200)
        self.alive()

        event = harness.make_event(ACCOUNT, "print-positions")
        harness.enqueue(redis, event)
        self.stack.wait_status(event["event_id"], "done", timeout=30)
        self.alive()

    def post_raw(self, body, chunked):
        connection = http.client.HTTPConnection("127.0.0.1", self.stack.api_port, timeout=10)
        headers = {"Content-Type": "application/json"}
        if chunked:
            pieces = (body[i:i + 4096] for i in range(0, len(body), 4096))
            connection.request("POST", "/queue/events", body=pieces, headers=headers,
                               encode_chunked=True)
        else:
            connection.request("POST", "/queue/events", body=body, headers=headers)
        answer = connection.getresponse()
        status, text = answer.status, answer.read().decode()
        connection.close()
        return status, text

    def test_deep_post_bodies_are_refused(self):
        def body(depth):
            return ('{"account_id": "DU2", "exec_command": "print-equity", "data": {"x": %s}}'
                    % ("[" * depth + "]" * depth)).encode()
        for depth, chunked in ((100000, False), (100000, True), (10000, True), (10000, False)):
            status, text = self.post_raw(body(depth), chunked)
            self.assertIn(status, (400, 413), f"{depth} deep, chunked={chunked}: {text}")
            detail = json.loads(text)["detail"]
            self.assertTrue("nested deeper" in detail or "larger than" in detail
                            or "too large" in detail, detail)
            self.alive()
        self.assertEqual(self.stack.redis.client("LLEN", "rebalance_queue"), 0)


if __name__ == "__main__":
    unittest.main()
