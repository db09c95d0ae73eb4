"""A catalogue of bad inputs: malformed events on rebalance_queue and malformed answers of the
allocation API. Each must end with its reason visible (a dead letter, or a retry/failed outcome
in rebalance_history with an error) while the service keeps running and places no order."""
import copy
import json
import unittest

import harness
from e2e_common import ACCOUNT, STRATEGY, start


def good_event():
    return harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)


def mutated(change):
    event = good_event()
    change(event)
    return event


def drop(path):
    def change(event):
        target = event
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


def put(path, value):
    def change(event):
        target = event
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)
    return change


# (name, raw text or event dict). Raw texts are pushed as they are.
BAD_EVENTS = [
    ("empty string", ""),
    ("blanks", "   \n"),
    ("json null", "null"),
    ("json array", "[]"),
    ("json number", "42"),
    ("json string", '"rebalance"'),
    ("truncated", '{"event_id": "t1", "account_id": '),
    ("trailing garbage", '{"event_id": "t2"} trailing'),
    ("NaN literal", '{"event_id": NaN}'),
    ("invalid utf-8", b'{"event_id": "\xff\xfe", "account_id": "DU1"}'),
    ("deep nesting", "[" * 20000 + "]" * 20000),
    ("empty object", "{}"),
    ("no event_id", mutated(drop(["event_id"]))),
    ("numeric event_id", mutated(put(["event_id"], 12345))),
    ("empty event_id", mutated(put(["event_id"], ""))),
    ("no account_id", mutated(drop(["account_id"]))),
    ("numeric account_id", mutated(put(["account_id"], 1111111))),
    ("empty account_id", mutated(put(["account_id"], ""))),
    ("no data", mutated(drop(["data"]))),
    ("data is a string", mutated(put(["data"], "rebalance"))),
    ("data is an array", mutated(put(["data"], ["rebalance"]))),
    ("no exec", mutated(drop(["data", "exec"]))),
    ("numeric exec", mutated(put(["data", "exec"], 7))),
    ("empty exec", mutated(put(["data", "exec"], ""))),
    ("unknown exec", mutated(put(["data", "exec"], "liquidate-everything"))),
    ("no account_config", mutated(drop(["data", "account_config"]))),
    ("account_config is a string", mutated(put(["data", "account_config"], "DU1111111"))),
    ("account_config for another account",
     mutated(put(["data", "account_config", "account_id"], "DU9999999"))),
    ("negative cash reserve",
     mutated(put(["data", "account_config", "cash_reserve_percentage"], -5))),
    ("cash reserve over 100",
     mutated(put(["data", "account_config", "cash_reserve_percentage"], 150))),
    ("cash reserve not a number",
     mutated(put(["data", "account_config", "cash_reserve_percentage"], "lots"))),
    ("no strategy", mutated(drop(["data", "account_config", "notification_channel"]))),
    ("empty strategy", mutated(put(["data", "account_config", "notification_channel"], ""))),
    ("account not managed by the gateway",
     mutated(lambda e: (e.__setitem__("account_id", "DU0000000"),
                        e["data"]["account_config"].__setitem__("account_id", "DU0000000")))),
]


def allocations(*pairs):
    return {"status": "success", "data": {"name": "x", "allocations": [
        {"symbol": s, "allocation": w} for s, w in pairs]}}


# (name, HTTP status, body: str sent as is, else JSON).
BAD_ANSWERS = [
    ("not json", 200, "this is not json"),
    ("empty body", 200, ""),
    ("html page", 200, "<html><body>maintenance</body></html>"),
    ("json array", 200, []),
    ("status error", 200, {"status": "error", "message": "strategy unknown"}),
    ("no data", 200, {"status": "success"}),
    ("data null", 200, {"status": "success", "data": None}),
    ("no allocations", 200, {"status": "success", "data": {"name": "x"}}),
    ("allocations a string", 200, {"status": "success", "data": {"allocations": "SPY:1"}}),
    ("allocations empty", 200, allocations()),
    ("item without symbol", 200, {"status": "success", "data": {"allocations": [
        {"allocation": 0.5}]}}),
    ("numeric symbol", 200, allocations((123, 0.5))),
    ("empty symbol", 200, allocations(("", 0.5))),
    ("negative weight", 200, allocations(("SPY", 0.6), ("TLT", -0.2))),
    ("weight a string", 200, allocations(("SPY", "0.5"))),
    ("weight over 1", 200, allocations(("SPY", 1.5))),
    ("weights sum over 1", 200, allocations(("SPY", 0.8), ("TLT", 0.8))),
    ("duplicate symbol", 200, allocations(("SPY", 0.4), ("SPY", 0.4))),
    ("symbol unknown to the broker", 200, allocations(("ZZZZNOPE", 0.5), ("SPY", 0.4))),
    ("http 404", 404, {"status": "error", "message": "not found"}),
    ("http 401", 401, {"status": "error", "message": "bad key"}),
    ("http 500", 500, "upstream exploded"),
]


class BadInputsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = start()
        cls.stack.start_processor()

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def dead_letters(self):
        return [json.loads(d) for d in
                self.stack.redis.client("LRANGE", "rebalance_dead_letter", 0, -1) or []]

    def reason_of(self, text, event_id):
        """The dead-letter reason of this exact text, or the error of a retry/failed outcome."""
        for dead in self.dead_letters():
            kept = dead.get("event")
            if kept == text or (isinstance(kept, dict) and json.dumps(kept) == text) or (
                    event_id and dead.get("event_id") == event_id):
                return "dead letter: " + dead.get("reason", "")
        if event_id:
            for record in self.stack.history():
                if record.get("event_id") == event_id and record.get("status") in (
                        "retry", "failed", "dead", "dead_letter") and record.get("error"):
                    return f"{record['status']}: {record['error']}"
        return None

    def settle(self, cases, timeout=60):
        """cases: name -> (text, event_id). Waits until every case has a reason; fails listing
        the ones that did not (and any that completed as if valid)."""
        reasons = {}

        def all_seen():
            for name, (text, event_id) in cases.items():
                if name not in reasons:
                    reason = self.reason_of(text, event_id)
                    if reason:
                        reasons[name] = reason
            return len(reasons) == len(cases)

        try:
            harness.wait_until(all_seen, timeout, "a visible reason for every bad input",
                               interval=0.2)
        except AssertionError:
            missing = {}
            for name, (_, event_id) in cases.items():
                if name not in reasons:
                    outcome = self.stack.outcome_of(event_id) if event_id else None
                    missing[name] = outcome and {k: outcome.get(k) for k in ("status", "error")}
            self.fail(f"no visible reason for {len(missing)} case(s): {json.dumps(missing)}")
        for name, reason in reasons.items():
            self.assertTrue(reason.split(":", 1)[1].strip(), f"{name}: empty reason")
        self.assertTrue(self.stack.processor.alive(), "the processor died")
        self.assertEqual(self.stack.api("/health/live")[0], 200)
        return reasons

    def test_malformed_events(self):
        self.assertGreaterEqual(len(BAD_EVENTS), 30)
        redis = self.stack.redis.client
        cases = {}
        for name, event in BAD_EVENTS:
            if isinstance(event, (str, bytes)):
                redis("LPUSH", "rebalance_queue", event)
                text = event.decode("utf-8", "replace") if isinstance(event, bytes) else event
                cases[name] = (text, None)
            else:
                text = json.dumps(event)
                redis("LPUSH", "rebalance_queue", text)
                event_id = event.get("event_id")
                cases[name] = (text, event_id if isinstance(event_id, str) and event_id else None)
        self.settle(cases)
        self.assertEqual(self.stack.ibsim.orders(what_if=False), [], "a bad event traded")

    def test_malformed_allocation_answers(self):
        self.assertGreaterEqual(len(BAD_ANSWERS), 20)
        cases = {}
        for index, (name, status, body) in enumerate(BAD_ANSWERS):
            strategy = f"bad-answer-{index}"
            self.stack.alloc.answers[strategy] = [(status, body)]
            event = harness.make_event(ACCOUNT, "rebalance", strategy=strategy)
            text = harness.enqueue(self.stack.redis.client, event)
            cases[name] = (text, event["event_id"])
        self.settle(cases, timeout=90)
        self.assertEqual(self.stack.ibsim.orders(what_if=False), [], "a bad answer traded")


if __name__ == "__main__":
    unittest.main()
