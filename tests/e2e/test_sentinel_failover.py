"""Redis Sentinel (README "Redis Sentinel"): the master is SIGKILLed while 200 events run; the
processor and the management API follow Sentinel to the promoted replica, processing resumes
within 10 s of the switch, and every event ends done exactly once with no order leg traded
twice. Also an ACL user (REDIS_USERNAME), a sentinel's own password (REDIS_SENTINEL_PASSWORD),
wrong passwords never printed, and a sentinel whose answer is not a master never written to."""
import collections
import json
import os
import re
import subprocess
import tempfile
import time
import unittest
import urllib.request

import harness
from e2e_common import STRATEGY, TARGETS, assert_on_target
from sentinel_cluster import MASTER_NAME, Sentinel, SentinelCluster, Server

ACCOUNTS = [f"DU{3000000 + i}" for i in range(20)]
ROUNDS = 10  # one event per account and round: 200 events, one rebalance per account
RESUME_WITHIN_S = 10


def books(test, accounts):
    folder = tempfile.TemporaryDirectory(prefix="ep-books-")
    test.addCleanup(folder.cleanup)
    return harness.write_basic_books(os.path.join(folder.name, "books.yaml"), accounts,
                                     response_delay_ms=2, submit_delay_ms=10, fill_delay_ms=50)


def sentinel_stack(test, accounts):
    """A Stack whose Redis is the Sentinel cluster: the processor is given only the sentinels
    (REDIS_HOST and REDIS_PORT unset: their defaults name no reachable server)."""
    stack = harness.Stack(books(test, accounts))
    test.addCleanup(stack.close)
    stack.redis.stop()
    cluster = SentinelCluster(stack.dir)
    stack.redis = cluster  # stack.close() stops it; stack.history() follows the master
    stack.alloc.set(STRATEGY, TARGETS)
    for name in ("REDIS_HOST", "REDIS_PORT"):
        stack.env.pop(name, None)
    stack.env.update({"REDIS_SENTINELS": cluster.sentinel_endpoints(),
                      "REDIS_MASTER_NAME": MASTER_NAME})
    return stack, cluster


def metric(stack, name):
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.api_port}/metrics", timeout=10) as r:
        text = r.read().decode()
    match = re.search(rf"^{name} (\S+)$", text, re.M)
    return float(match.group(1)) if match else None


def done_counts(history):
    return collections.Counter(r["event_id"] for r in history if r.get("status") == "done")


class SentinelFailoverTest(unittest.TestCase):
    def test_sigkill_of_the_master_mid_run_loses_nothing_and_does_nothing_twice(self):
        stack, cluster = sentinel_stack(self, ACCOUNTS)
        stack.start_processor()
        redis = cluster.client
        ids = []
        # Each account's rebalance in a different round, so some run around the kill.
        for round_no in range(ROUNDS):
            for i, account in enumerate(ACCOUNTS):
                command = "rebalance" if i % ROUNDS == round_no else "print-positions"
                event = harness.make_event(account, command, strategy=STRATEGY)
                harness.enqueue(redis, event)
                ids.append(event["event_id"])
        self.assertEqual(len(ids), 200)

        # Deadlines with room for sanitized builds (5-10x slower); the 10 s bound is not scaled.
        harness.wait_until(lambda: len(done_counts(stack.history())) >= 50, 180,
                           "50 events done before the kill")
        before = metric(stack, "ep_redis_unreplicated_moves_total")
        self.assertIsNotNone(before)
        old_port = cluster.master.port
        cluster.master.kill()
        killed_at = time.monotonic()
        switched_at, new_port = cluster.wait_switch(old_port)
        self.assertEqual(new_port, cluster.replica.port)
        promoted = harness.RespClient(new_port)
        done_at_switch = len(done_counts(
            json.loads(r) for r in promoted("LRANGE", "rebalance_history", 0, -1)))
        harness.wait_until(
            lambda: len(done_counts(json.loads(r) for r in
                                    promoted("LRANGE", "rebalance_history", 0, -1)))
            > done_at_switch, 60, "an event done on the promoted replica")
        resumed_after = time.monotonic() - switched_at
        print(f"\nfailover: Sentinel switched {switched_at - killed_at:.2f} s after the kill; "
              f"processing resumed {resumed_after:.2f} s after the switch")
        self.assertLess(resumed_after, RESUME_WITHIN_S, stack.processor_logs()[-4000:])

        harness.wait_until(lambda: set(done_counts(stack.history())) >= set(ids), 400,
                           "every event done")
        history = stack.history()
        counts = done_counts(history)
        self.assertEqual({i: n for i, n in counts.items() if n != 1}, {}, "done twice")
        self.assertEqual(set(counts), set(ids), "an event vanished or appeared")
        # Nothing left behind: queued, running, parked or dead.
        harness.wait_until(lambda: redis("LLEN", "rebalance_queue") == 0
                           and redis("ZCARD", "rebalance_delayed_set") == 0, 20,
                           "the queue and the retry set to empty")
        self.assertEqual(redis("LLEN", "rebalance_dead_letter"), 0)
        for key in redis("KEYS", "rebalance_processing:*") or []:
            self.assertEqual(redis("LLEN", key), 0, f"{key} is not empty")
        self.assertEqual(redis("SMEMBERS", "active_events_set"), [])

        # No leg traded twice: per account, one real order per side and symbol.
        orders = [o for o in stack.ibsim.orders(what_if=False)
                  if (o.get("order_ref") or "").startswith("ep:")]
        self.assertTrue(orders, "nothing traded")
        legs = collections.Counter((o["account"], o["action"], o["symbol"]) for o in orders)
        self.assertEqual({leg: n for leg, n in legs.items() if n > 1}, {}, "legs traded twice")
        for account in ACCOUNTS:
            assert_on_target(self, stack, account=account)

        # The management API follows the new master too: health, and a write (the pause flag).
        status, body = stack.api("/health")
        self.assertEqual(status, 200, body)
        self.assertEqual(stack.api("/processing/pause", "POST")[0], 200)
        self.assertEqual(promoted("EXISTS", "rebalance_paused"), 1)
        self.assertEqual(stack.api("/processing/resume", "POST")[0], 200)
        self.assertEqual(promoted("EXISTS", "rebalance_paused"), 0)
        # WAIT is on by default with Sentinel: the new master has no replica, so its moves are
        # counted and logged (and, after the first, not waited for).
        self.assertGreater(metric(stack, "ep_redis_unreplicated_moves_total"), before)
        self.assertIn("was not confirmed by a replica", stack.processor_logs())
        self.assertTrue(stack.processor.alive())


class SentinelAnswerCheckedTest(unittest.TestCase):
    def test_a_sentinel_naming_a_replica_is_never_written_to(self):
        # A sentinel told to monitor the replica as "master": its answer is stale in the way a
        # demoted master's would be. The check command must refuse it, writing nothing.
        tmp = tempfile.TemporaryDirectory(prefix="ep-stale-")
        self.addCleanup(tmp.cleanup)
        master = Server(tmp.name, "master")
        replica = Server(tmp.name, "replica", replica_of=master.port)
        sentinel = Sentinel(tmp.name, 0, replica.port, 60000, 180000)
        self.addCleanup(lambda: [p.stop() for p in (sentinel, replica, master)])
        harness.wait_until(lambda: sentinel.master()[1] == replica.port, 10, "the sentinel")
        env = dict(os.environ, ALLOCATIONS_API_KEY="k", SERVICE_VERSION="e2e",
                   REDIS_SENTINELS=f"127.0.0.1:{sentinel.port}", IB_HOST="127.0.0.1",
                   IB_PORT="1")
        done = subprocess.run([harness.PROCESSOR_BIN, "check"], env=env, capture_output=True,
                              text=True, timeout=60)
        output = done.stdout + done.stderr
        self.assertNotEqual(done.returncode, 0, output)
        self.assertIn("role is 'slave'", output)
        self.assertEqual(master.client("DBSIZE"), 0)


    def test_a_sentinel_password_is_sent_and_never_printed(self):
        tmp = tempfile.TemporaryDirectory(prefix="ep-sentinel-auth-")
        self.addCleanup(tmp.cleanup)
        master = Server(tmp.name, "master")
        sentinel = Sentinel(tmp.name, 0, master.port, 60000, 180000, password="sentinel-s3cret")
        self.addCleanup(lambda: [p.stop() for p in (sentinel, master)])

        def check(password):
            env = dict(os.environ, ALLOCATIONS_API_KEY="k", SERVICE_VERSION="e2e",
                       REDIS_SENTINELS=f"127.0.0.1:{sentinel.port}", IB_HOST="127.0.0.1",
                       IB_PORT="1", REDIS_SENTINEL_PASSWORD=password)
            done = subprocess.run([harness.PROCESSOR_BIN, "check"], env=env,
                                  capture_output=True, text=True, timeout=60)
            return next(line for line in (done.stdout + done.stderr).splitlines()
                        if line.startswith("redis:"))

        self.assertTrue(check("sentinel-s3cret").startswith("redis: ok"))
        refused = check("wrong-hunter2")
        self.assertIn("FAILED", refused)
        self.assertIn("WRONGPASS", refused)
        self.assertNotIn("hunter2", refused)


class AclUserTest(unittest.TestCase):
    def test_an_acl_user_runs_events_and_a_wrong_password_is_never_printed(self):
        stack = harness.Stack(books(self, ACCOUNTS[:1]))
        self.addCleanup(stack.close)
        stack.alloc.set(STRATEGY, TARGETS)
        admin = stack.redis.client
        admin("ACL", "SETUSER", "ep-worker", "on", ">worker-s3cret-pw", "~*", "&*", "+@all")
        stack.env.update({"REDIS_USERNAME": "ep-worker", "REDIS_PASSWORD": "worker-s3cret-pw"})
        admin("CONFIG", "SET", "requirepass", "admin-only-pw")  # the default user is locked
        admin("AUTH", "admin-only-pw")
        stack.start_processor()
        event = harness.make_event(ACCOUNTS[0], "print-positions", strategy=STRATEGY)
        harness.enqueue(admin, event)
        stack.wait_status(event["event_id"], "done", 60)
        clients = admin("CLIENT", "LIST")
        self.assertIn("user=ep-worker", clients)
        stack.processor.stop()

        stack.env["REDIS_PASSWORD"] = "wrong-hunter2-pw"
        stack.processor = harness.Process([harness.PROCESSOR_BIN, "run"],
                                          os.path.join(stack.dir, "wrong.log"), stack.env)
        harness.wait_until(lambda: "WRONGPASS" in stack.processor.output(), 30,
                           "the refused AUTH in the log")
        output = stack.processor.output()
        self.assertIn("ep-worker", output)
        self.assertNotIn("hunter2", output)
        self.assertNotIn("worker-s3cret-pw", output)


if __name__ == "__main__":
    unittest.main()
