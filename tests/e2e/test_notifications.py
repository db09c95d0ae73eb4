"""Webhook notifications (README "Notifications") against the real binary, ibsim, redis-server
and a local receiver (a Python HTTP server on 127.0.0.1): each trigger reaches the receiver once,
a 500 is retried, a hanging receiver slows no event, and the URL, which carries secrets in its
path and query, never appears in a log line, an API answer or a Redis record."""
import json
import os
import subprocess
import threading
import time
import unittest
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import harness
from e2e_common import ACCOUNT, STRATEGY, start

SECRETS = ("T0HOOKSECRET", "B0PATHSECRET", "Q0QUERYSECRET")


class Receiver:
    """Records every POST (path, headers, body). Answers the scripted statuses first, then 200;
    while hanging, holds each request until released (at most 60 s)."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        self.hanging = False
        self.release = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                with receiver.lock:
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body})
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    hanging = receiver.hanging
                if hanging:
                    receiver.release.wait(60)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the processor gave up on this request

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self):
        return (f"http://127.0.0.1:{self.port}/hooks/{SECRETS[0]}/{SECRETS[1]}"
                f"?auth={SECRETS[2]}")

    def notifications(self, kind=None):
        """The JSON bodies received (every attempt), optionally of one kind."""
        with self.lock:
            bodies = [json.loads(r["body"]) for r in self.requests]
        return [b for b in bodies if kind is None or b.get("kind") == kind]

    def wait_for(self, kind, timeout, event_id=None, count=1):
        def found():
            matching = [b for b in self.notifications(kind)
                        if event_id is None or b.get("event_id") == event_id]
            return matching if len(matching) >= count else None
        return harness.wait_until(found, timeout, f"{count} {kind} notification(s)")

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def notifying_stack(receiver, env=None, config=None):
    env_overrides = {"NOTIFY_WEBHOOK_URL": receiver.url(), "NOTIFY_RETRY_THRESHOLD": "2",
                     "NOTIFY_GATEWAY_DOWN_MINUTES": "0.1"}
    env_overrides.update(env or {})
    # A 6 s liveness TTL: the supervisor looks at the gateway every 2 s.
    config_overrides = {"processing": {"worker_liveness_ttl": 6}}
    config_overrides.update(config or {})
    stack = start(env_overrides=env_overrides, config_overrides=config_overrides)
    return stack


def get_text(stack, path):
    """The body of an API answer, whatever its status (a not-ready health check is a 503)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{stack.api_port}{path}",
                                    timeout=10) as answer:
            return answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        with error:
            return error.read().decode("utf-8", "replace")


def metric(stack, name):
    for line in get_text(stack, "/metrics").splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


def assert_no_secret(test, stack):
    """Neither the URL's secrets nor the URL appear in any log line, API answer or record."""
    texts = {"logs": stack.processor_logs()}
    for path in ("/health", "/health/detailed", "/health/ready", "/queue/status",
                 "/queue/events?type=dead", "/queue/events?type=delayed",
                 "/events/history?limit=100", "/metrics", "/"):
        texts[path] = get_text(stack, path)
    redis = stack.redis.client
    texts["redis"] = json.dumps([redis("LRANGE", "rebalance_history", 0, -1),
                                 redis("LRANGE", "rebalance_dead_letter", 0, -1),
                                 redis("ZRANGE", "rebalance_delayed_set", 0, -1)])
    for where, text in texts.items():
        for secret in SECRETS + ("/hooks/",):
            test.assertNotIn(secret, text, f"{secret} found in {where}")
    test.assertIn('"destination":"http://127.0.0.1"', texts["logs"].replace(" ", ""))


class NotificationsTest(unittest.TestCase):
    def setUp(self):
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)

    def test_dead_letter_retried_after_a_500_and_retry_threshold_once(self):
        stack = notifying_stack(self.receiver)
        self.addCleanup(stack.close)
        stack.start_processor()
        harness.wait_until(lambda: stack.api("/health/ready")[0] == 200, 30, "ready")
        with self.receiver.lock:
            self.receiver.statuses = [500]  # the next POST fails: it must be retried

        # A malformed event (an unknown command) is dead-lettered: one notification, delivered
        # on the second attempt.
        bad = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        bad["data"]["exec"] = "no-such-command"
        harness.enqueue(stack.redis.client, bad)
        bodies = self.receiver.wait_for("dead_letter", 30, event_id=bad["event_id"], count=2)
        self.assertEqual(bodies[0], bodies[1], "the retry sends the same body")
        body = bodies[1]
        self.assertEqual(body["severity"], "critical")
        self.assertEqual(body["account_id"], ACCOUNT)
        self.assertEqual(body["service"], "event-processor")
        self.assertIn("unknown command", body["reason"] or "")
        self.assertIn(bad["event_id"], body["message"])
        self.assertTrue(body["timestamp"].endswith("Z"))
        with self.receiver.lock:
            first = next(r for r in self.receiver.requests if bad["event_id"] in r["body"])
        self.assertEqual(first["path"], f"/hooks/{SECRETS[0]}/{SECRETS[1]}?auth={SECRETS[2]}")
        self.assertEqual(first["headers"].get("Content-Type"), "application/json")
        harness.wait_until(
            lambda: metric(stack, 'ep_notifications_total{kind="dead_letter",result="sent"}') == 1,
            10, "the sent notification counted")

        # Text that is not JSON at all: reported without ids.
        stack.redis.client("LPUSH", "rebalance_queue", "not json {")
        unreadable = harness.wait_until(
            lambda: [b for b in self.receiver.notifications("dead_letter") if not b["event_id"]],
            30, "the unreadable event's notification")
        self.assertIn("could not be read", unreadable[0]["message"])
        self.assertIsNone(unreadable[0]["account_id"])

        # An event whose allocations fail keeps retrying: reported once, when it is retried for
        # the third time (threshold 2), not again on the retries after that.
        stack.alloc.set(STRATEGY, answers=[(500, {"status": "error", "message": "down"})])
        failing = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(stack.redis.client, failing)
        reported = self.receiver.wait_for("retry_threshold", 60, event_id=failing["event_id"])
        self.assertEqual(reported[0]["severity"], "warning")
        self.assertIn("failed 3 times", reported[0]["message"])
        self.assertIn("allocation", reported[0]["reason"])
        harness.wait_until(
            lambda: len([r for r in stack.history() if r["event_id"] == failing["event_id"]]) >= 5,
            60, "two more retries of the failing event")
        self.assertEqual(len(self.receiver.notifications("retry_threshold")), 1)
        # The first event's two attempts (500, then 200) and the unreadable one.
        self.assertEqual(len(self.receiver.notifications("dead_letter")), 3)
        assert_no_secret(self, stack)

    def test_gateway_outage_reported_once_then_recovered(self):
        stack = notifying_stack(self.receiver)
        self.addCleanup(stack.close)
        stack.start_processor()
        harness.wait_until(lambda: stack.api("/health/ready")[0] == 200, 30, "ready")
        # ibsim drops every connection and refuses new ones for 16 s: longer than 6 s.
        stack.ibsim.post("/faults", {"refuse_connections_ms": 16000})
        down = self.receiver.wait_for("gateway_down", 30)
        self.assertEqual(down[0]["severity"], "critical")
        self.assertIsNone(down[0]["event_id"])
        recovered = self.receiver.wait_for("gateway_recovered", 60)
        self.assertEqual(recovered[0]["severity"], "info")
        self.assertEqual(len(self.receiver.notifications("gateway_down")), 1)
        # Work goes on after the outage.
        event = harness.make_event(ACCOUNT, "print-positions")
        harness.enqueue(stack.redis.client, event)
        stack.wait_status(event["event_id"], "done", 60)
        self.assertEqual(len(self.receiver.notifications("gateway_down")), 1)
        self.assertEqual(len(self.receiver.notifications("gateway_recovered")), 1)
        assert_no_secret(self, stack)

    def test_a_hanging_receiver_slows_no_event_nor_the_stop(self):
        self.receiver.hanging = True
        stack = notifying_stack(self.receiver)
        self.addCleanup(stack.close)
        stack.start_processor()
        bad_ids = []
        for _ in range(3):
            bad = harness.make_event(ACCOUNT, "print-positions")
            bad["data"]["exec"] = "no-such-command"
            bad["account_id"] = bad["data"]["account_config"]["account_id"] = f"DU{len(bad_ids)}"
            harness.enqueue(stack.redis.client, bad)
            bad_ids.append(bad["event_id"])
        self.receiver.wait_for("dead_letter", 30)  # one request held by the receiver
        started = time.monotonic()
        good = harness.make_event(ACCOUNT, "print-positions")
        harness.enqueue(stack.redis.client, good)
        for event_id in bad_ids:
            stack.wait_status(event_id, "dead_letter", 30)
        stack.wait_status(good["event_id"], "done", 30)
        # The processor did not wait for the receiver (a POST is held for up to 5 s, and the
        # three notifications with their retries for much longer).
        self.assertLess(time.monotonic() - started, 20)
        stopping = time.monotonic()
        self.assertEqual(stack.processor.stop(), 0)
        self.assertLess(time.monotonic() - stopping, 10, "SIGTERM waits on no notification")
        stack.processor = None
        self.assertNotIn("notification sent", stack.processor_logs())

    def test_trading_mode_mismatch_reported_once(self):
        stack = notifying_stack(self.receiver, env={"TRADING_MODE": "live"})
        self.addCleanup(stack.close)
        stack.start_processor()
        bodies = self.receiver.wait_for("trading_mode_mismatch", 30)
        self.assertEqual(bodies[0]["severity"], "critical")
        self.assertIn("TRADING_MODE=live", bodies[0]["reason"])
        assert_no_secret(self, stack)
        self.assertEqual(len(self.receiver.notifications("trading_mode_mismatch")), 1)


class WebhookSettingsTest(unittest.TestCase):
    def run_with(self, url):
        env = dict(os.environ, ALLOCATIONS_API_KEY="k-123456", SERVICE_VERSION="t",
                   REDIS_HOST="127.0.0.1", REDIS_PORT=str(harness.free_port()),
                   MANAGEMENT_API_PORT=str(harness.free_port()), NOTIFY_WEBHOOK_URL=url)
        env.pop("CONFIG_FILE", None)
        return subprocess.run([harness.PROCESSOR_BIN, "run"], env=env, capture_output=True,
                              text=True, timeout=30)

    def test_a_bad_url_stops_the_start_with_one_line_and_never_shows_it(self):
        cases = [("ftp://hooks.example/T0HOOKSECRET", "must start with http:// or https://"),
                 ("https://u:T0HOOKSECRET@hooks.example/x", "must not contain user info"),
                 ("http://127.0.0.1:99999/T0HOOKSECRET", "has a port outside 1..65535")]
        for url, expected in cases:
            with self.subTest(url=expected):
                result = self.run_with(url)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(expected, result.stderr)
                self.assertNotIn("T0HOOKSECRET", result.stderr + result.stdout)
                self.assertNotIn("hooks.example", result.stderr + result.stdout)


if __name__ == "__main__":
    unittest.main()
