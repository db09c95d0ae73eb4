"""Stable worker and client ids with default settings (no IB_CLIENT_ID, no WORKER_NAME): a
processor killed while its sell works comes back as the same worker with the same client id,
cancels that sell and finishes the event; two processors on one Redis and one gateway never
share a worker id or a client id."""
import json
import os
import unittest

import harness
from e2e_common import (ACCOUNT, STRATEGY, assert_on_target, assert_queue_clean, event_orders,
                        start)

DEFAULT_IDENTITY = {"IB_CLIENT_ID": None, "WORKER_NAME": None}


def start_default(name):
    stack = start(name)
    for variable in DEFAULT_IDENTITY:
        stack.env.pop(variable, None)
    return stack


def slots(redis):
    """worker id -> holder stamp ("<host> <pid> <start time>") of every claimed slot."""
    keys = redis("KEYS", "rebalance_worker_slot:*") or []
    return {key.split(":", 1)[1]: redis("GET", key) for key in keys}


def client_ids(redis):
    flat = redis("HGETALL", "rebalance_worker_client_ids") or []
    return {flat[i]: int(flat[i + 1]) for i in range(0, len(flat), 2)}


def worker_of(redis, pid):
    """The worker id whose slot this process holds."""
    return next((worker for worker, holder in slots(redis).items()
                 if holder.split(" ")[1] == str(pid)), None)


def claimed_identity(logs):
    """(worker_id, client_id) of each "worker identity claimed" line, in order."""
    found = []
    for line in logs.splitlines():
        if '"worker identity claimed"' in line:
            record = json.loads(line)
            found.append((record["worker_id"], record["client_id"]))
    return found


class RestartTest(unittest.TestCase):
    def test_sigkill_while_a_sell_works_then_restart_cancels_it_and_finishes(self):
        stack = start_default("stalled_sell")
        self.addCleanup(stack.close)
        redis = stack.redis.client
        first = stack.start_processor()
        event = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(redis, event)
        stalled = harness.wait_until(
            lambda: [o for o in event_orders(stack, event["event_id"])
                     if o["action"] == "SELL" and o["status"] == "PreSubmitted"],
            30, "the OLD sell to be working")
        self.assertEqual(len(stalled), 1, stalled)
        worker_id = worker_of(redis, first.proc.pid)
        self.assertIsNotNone(worker_id, slots(redis))
        client_id = client_ids(redis)[worker_id]
        self.assertEqual(stalled[0]["client_id"], client_id)

        first.kill()
        # The event waits in the killed worker's processing list.
        self.assertEqual(redis("LLEN", f"rebalance_processing:{worker_id}"), 1)

        second = stack.start_processor()
        stack.wait_status(event["event_id"], "done", 90)
        # The same worker id (its slot taken over at once from the dead pid) and client id.
        self.assertEqual(worker_of(redis, second.proc.pid), worker_id, slots(redis))
        self.assertEqual(client_ids(redis), {worker_id: client_id})
        self.assertEqual(claimed_identity(stack.processor_logs()),
                         [(worker_id, client_id), (worker_id, client_id)])
        self.assertEqual(stack.ibsim.state()["clients"], [client_id])

        # Done in one or two attempts, not retried forever.
        records = [r for r in stack.history() if r.get("event_id") == event["event_id"]]
        self.assertLessEqual(len(records), 2, [(r["status"], r.get("error")) for r in records])
        # The stalled sell was cancelled by the restarted process (only its client id may),
        # and no leg traded twice: OLD sold once, in full; each buy filled by one order.
        orders = event_orders(stack, event["event_id"])
        by_id = {(o["client_id"], o["order_id"]): o for o in orders}
        self.assertEqual(by_id[(client_id, stalled[0]["order_id"])]["status"], "Cancelled")
        self.assertTrue(all(o["client_id"] == client_id for o in orders), orders)
        sold = sum(o["filled"] for o in orders if o["action"] == "SELL")
        self.assertEqual(sold, 30, orders)
        for symbol in ("TLT", "IEF"):
            fills = [o for o in orders if o["action"] == "BUY" and o["symbol"] == symbol
                     and o["filled"] > 0]
            self.assertEqual(len(fills), 1, (symbol, orders))
        assert_on_target(self, stack)
        assert_queue_clean(self, stack)


class TwoProcessorsTest(unittest.TestCase):
    def test_two_default_processors_get_distinct_worker_and_client_ids(self):
        stack = start_default("basic")
        self.addCleanup(stack.close)
        redis = stack.redis.client
        first = stack.start_processor()
        other_env = dict(stack.env, MANAGEMENT_API_PORT=str(harness.free_port()))
        other = harness.Process([harness.PROCESSOR_BIN, "run"],
                                os.path.join(stack.dir, "processor-other.log"), other_env)
        self.addCleanup(other.stop)

        def both_connected():
            ids = client_ids(redis)
            clients = stack.ibsim.state()["clients"]
            return len(ids) == 2 and sorted(clients) == sorted(ids.values())

        harness.wait_until(both_connected, 30, "two processors connected to the gateway")
        workers = {worker_of(redis, first.proc.pid), worker_of(redis, other.proc.pid)}
        self.assertEqual(len(workers), 2, slots(redis))
        self.assertNotIn(None, workers, slots(redis))
        ids = client_ids(redis)
        self.assertEqual(set(ids), workers)
        self.assertEqual(len(set(ids.values())), 2, ids)
        self.assertNotIn("is in use (error 326)", other.output() + stack.processor_logs())

        # kill -9 of one while the other lives: the restarted one gets back its own ids.
        other_worker = worker_of(redis, other.proc.pid)
        other.kill()
        again = harness.Process([harness.PROCESSOR_BIN, "run"],
                                os.path.join(stack.dir, "processor-again.log"), other_env)
        self.addCleanup(again.stop)
        harness.wait_until(lambda: worker_of(redis, again.proc.pid), 20, "the restart's slot")
        self.assertEqual(worker_of(redis, again.proc.pid), other_worker)
        self.assertEqual(client_ids(redis), ids)
        harness.wait_until(both_connected, 30, "both connected again")

        # Both work: an event each way ends done.
        event = harness.make_event(ACCOUNT, "print-positions")
        harness.enqueue(redis, event)
        stack.wait_status(event["event_id"], "done", 30)


if __name__ == "__main__":
    unittest.main()
