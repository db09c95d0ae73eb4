"""The operator commands against a real stack: `enqueue` writes the broker's event (and its
dedup key) that the processor then runs, and `check` reports one line per dependency, with a
failing line and exit code 1 when one is wrong."""
import json
import subprocess
import unittest
import urllib.request
import uuid
from datetime import datetime, timezone

import harness
from e2e_common import ACCOUNT, STRATEGY, assert_on_target, assert_queue_clean, start

SECRET = "test-secret-key-123"  # the harness's ALLOCATIONS_API_KEY


def log_lines(text):
    """The JSON log lines of a processor's output."""
    lines = []
    for chunk in text.split("\n"):
        try:
            line = json.loads(chunk)
        except ValueError:
            continue
        if isinstance(line, dict):
            lines.append(line)
    return lines


class CliCommandsTest(unittest.TestCase):
    def setUp(self):
        self.stack = start()
        self.addCleanup(self.stack.close)

    def run_cli(self, *args, env_overrides=None, drop=()):
        env = dict(self.stack.env)
        env.update(env_overrides or {})
        for name in drop:
            env.pop(name, None)
        done = subprocess.run([harness.PROCESSOR_BIN, *args], env=env, capture_output=True,
                              text=True, timeout=30)
        return done.returncode, done.stdout, done.stderr

    def test_enqueue_writes_the_broker_event_that_the_processor_runs(self):
        redis = self.stack.redis.client
        # Only the Redis settings are needed: no API key, no SERVICE_VERSION.
        code, out, err = self.run_cli("enqueue", "--account", ACCOUNT, "--exec", "rebalance",
                                      "--strategy", STRATEGY, "--reserve", "1",
                                      drop=("ALLOCATIONS_API_KEY", "SERVICE_VERSION"))
        self.assertEqual(code, 0, err)
        event_id = out.strip()
        self.assertEqual(str(uuid.UUID(event_id)), event_id)
        queued = redis("LRANGE", "rebalance_queue", 0, -1)
        self.assertEqual(len(queued), 1)
        event = json.loads(queued[0])
        self.assertEqual(list(event), ["event_id", "account_id", "data", "times_queued",
                                       "created_at", "status"])
        self.assertEqual(event["event_id"], event_id)
        self.assertEqual(event["account_id"], ACCOUNT)
        self.assertEqual(event["times_queued"], 1)
        self.assertEqual(event["status"], "pending")
        created = datetime.fromisoformat(event["created_at"].replace("Z", "+00:00"))
        self.assertEqual(created.utcoffset().total_seconds(), 0)
        self.assertLess(abs((datetime.now(timezone.utc) - created).total_seconds()), 60)
        data = event["data"]
        self.assertEqual(list(data), ["exec", "eventId", "account_config"])
        self.assertEqual(data["exec"], "rebalance")
        uuid.UUID(data["eventId"])
        self.assertEqual(data["account_config"], {"account_id": ACCOUNT,
                                                  "notification_channel": STRATEGY,
                                                  "cash_reserve_percentage": 1.0})
        self.assertEqual(redis("SMEMBERS", "active_events_set"), [f"{ACCOUNT}:rebalance"])

        # The broker's de-duplication: a second one of the same account and command is refused.
        code, out, err = self.run_cli("enqueue", "--account", ACCOUNT, "--exec", "rebalance",
                                      "--strategy", STRATEGY)
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertIn("duplicate", err)
        self.assertEqual(redis("LLEN", "rebalance_queue"), 1)

        self.stack.start_processor()
        outcome = self.stack.wait_outcome(event_id, timeout=60)
        self.assertEqual(outcome["status"], "done", json.dumps(outcome))
        assert_on_target(self, self.stack)
        assert_queue_clean(self, self.stack)
        status, records = self.stack.api(f"/events/history/{event_id}")
        self.assertEqual(status, 200)
        self.assertEqual([r["status"] for r in records], ["done"])
        # The metrics of a success (counted right after the record is written) and of the build.
        url = f"http://127.0.0.1:{self.stack.api_port}/metrics"

        def scrape():
            with urllib.request.urlopen(url, timeout=10) as answer:
                text = answer.read().decode()
            return text if 'ep_last_success_timestamp_seconds{command="rebalance"}' in text else None
        metrics = harness.wait_until(scrape, 10, "the success metric")
        version = subprocess.run([harness.PROCESSOR_BIN, "--version"], capture_output=True,
                                 text=True, timeout=10).stdout.split()[1]
        self.assertIn(f'ep_build_info{{service_version="e2e",version="{version}"}} 1', metrics)
        self.assertRegex(metrics, r'ep_last_success_timestamp_seconds\{command="rebalance"\} \d')
        self.assertRegex(metrics, r"\nprocess_resident_memory_bytes \d")
        # One summary line at the event's end: command, status, orders, duration.
        finished = [line for line in log_lines(self.stack.processor_logs())
                    if line.get("message") == "event finished"
                    and line.get("event_id") == event_id]
        self.assertEqual(len(finished), 1, finished)
        self.assertEqual(finished[0]["command"], "rebalance")
        self.assertEqual(finished[0]["status"], "done")
        self.assertEqual(finished[0]["orders"], len(outcome["orders"]))
        self.assertGreater(finished[0]["orders"], 0)
        self.assertGreaterEqual(finished[0]["duration_ms"], 0)

    def test_enqueue_without_redis_fails(self):
        code, out, err = self.run_cli("enqueue", "--account", ACCOUNT, "--exec", "print-equity",
                                      env_overrides={"REDIS_PORT": str(harness.free_port())})
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertIn("redis", err.lower())

    def check_lines(self, out):
        lines = out.strip().split("\n")
        self.assertEqual([line.split(":")[0] for line in lines],
                         ["config", "redis", "gateway", "allocation API", "trading mode",
                          "notifications"], out)
        return dict(line.split(": ", 1) for line in lines)

    def test_check_passes_against_the_stack(self):
        code, out, err = self.run_cli("check", "--strategy", STRATEGY)
        self.assertEqual(code, 0, out + err)
        lines = self.check_lines(out)
        for what, verdict in lines.items():
            if what != "notifications":  # no webhook in the harness's settings
                self.assertTrue(verdict.startswith("ok"), f"{what}: {verdict}")
        self.assertIn(ACCOUNT, lines["gateway"])
        self.assertIn("3 allocations", lines["allocation API"])
        self.assertNotIn(SECRET, out + err)
        path, headers = self.stack.alloc.requests[-1]
        self.assertEqual(path, f"/{STRATEGY}/allocations")
        self.assertEqual(headers.get("x-api-key"), SECRET)

        # Without --strategy the API line is skipped, which is no failure; so is the
        # notifications line without a webhook.
        code, out, err = self.run_cli("check")
        self.assertEqual(code, 0, out + err)
        self.assertTrue(self.check_lines(out)["allocation API"].startswith("skipped"), out)
        self.assertEqual(self.check_lines(out)["notifications"],
                         "skipped: NOTIFY_WEBHOOK_URL is not set")

    def test_check_reports_the_webhook_without_its_secret_path(self):
        hook_secret = "hook-secret-path-4711"
        code, out, err = self.run_cli(
            "check", env_overrides={"NOTIFY_WEBHOOK_URL": f"https://hooks.example/{hook_secret}",
                                    "NOTIFY_RETRY_THRESHOLD": "7"})
        self.assertEqual(code, 0, out + err)
        line = self.check_lines(out)["notifications"]
        self.assertTrue(line.startswith("ok (https://hooks.example, format json, "
                                        "retry threshold 7, "), line)
        self.assertIn("nothing sent", line)
        self.assertNotIn(hook_secret, out + err)

    def test_check_names_what_is_wrong(self):
        # A port where no gateway listens: the gateway line and the mode line fail.
        code, out, err = self.run_cli("check", "--strategy", STRATEGY, "--timeout", "2",
                                      env_overrides={"IB_PORT": str(harness.free_port())})
        self.assertEqual(code, 1, out + err)
        lines = self.check_lines(out)
        self.assertTrue(lines["gateway"].startswith("FAILED: "), out)
        self.assertTrue(lines["trading mode"].startswith("FAILED: "), out)
        for what in ("config", "redis", "allocation API"):
            self.assertTrue(lines[what].startswith("ok"), f"{what}: {lines[what]}")

        # live mode against paper accounts, an unknown strategy, Redis away.
        code, out, err = self.run_cli(
            "check", "--strategy", "no-such-strategy",
            env_overrides={"TRADING_MODE": "live", "IB_PORT": str(self.stack.ibsim.port),
                           "REDIS_PORT": str(harness.free_port())})
        self.assertEqual(code, 1, out + err)
        lines = self.check_lines(out)
        self.assertTrue(lines["gateway"].startswith("ok"), out)
        self.assertTrue(lines["trading mode"].startswith("FAILED: "), out)
        self.assertIn(ACCOUNT, lines["trading mode"])
        self.assertTrue(lines["allocation API"].startswith("FAILED: "), out)
        self.assertIn("404", lines["allocation API"])
        self.assertTrue(lines["redis"].startswith("FAILED: "), out)
        self.assertNotIn(SECRET, out + err)

        # An invalid configuration is one failing line.
        code, out, err = self.run_cli("check", drop=("ALLOCATIONS_API_KEY",))
        self.assertEqual(code, 1)
        self.assertEqual(out.strip().split("\n"), [
            "config: FAILED: ALLOCATIONS_API_KEY is required (the allocation API key) but not set"])


if __name__ == "__main__":
    unittest.main()
