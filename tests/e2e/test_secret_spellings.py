"""Secrets in every spelling: the allocation API answers a 500 whose body echoes the API key
JSON-escaped, URL-encoded (upper and lower hex) and in base64 (both alphabets, with and without
padding), and the management token in base64. None of these spellings may appear in the
processor's log, in rebalance_history, the retry payload in rebalance_delayed_set, GET
/events/history or GET /queue/events: each is searched for in every one of them."""
import base64
import json
import re
import unittest
import urllib.parse
import urllib.request

import harness
from e2e_common import ACCOUNT, start

KEY = "kEy/1?x>Sec~42"  # its base64 holds / and +, so both alphabets differ
TOKEN = "tok/En+Mgmt=7"


def spellings(secret):
    raw = secret.encode()
    std = base64.b64encode(raw).decode()
    url = base64.urlsafe_b64encode(raw).decode()
    return {
        "raw": secret,
        "json-escaped": secret.replace("/", "\\/"),
        "json-escaped twice": json.dumps(secret.replace("/", "\\/"))[1:-1],
        "url-encoded": urllib.parse.quote(secret, safe=""),
        "url-encoded lower": re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(),
                                    urllib.parse.quote(secret, safe="")),
        "form-encoded": urllib.parse.quote_plus(secret),
        "base64": std, "base64 bare": std.rstrip("="),
        "base64 url-safe": url, "base64 url-safe bare": url.rstrip("="),
    }


class SecretSpellingsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = start(env_overrides={"ALLOCATIONS_API_KEY": KEY,
                                         "MANAGEMENT_API_TOKEN": TOKEN})
        cls.stack.start_processor()

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def raw_api(self, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.stack.api_port}{path}",
                                    timeout=10) as answer:
            self.assertEqual(answer.status, 200, path)
            return answer.read().decode()

    def test_no_spelling_of_a_secret_leaves_the_process(self):
        key, token = spellings(KEY), spellings(TOKEN)
        echo = {"error": "bad key", "e": key["json-escaped"], "u": key["url-encoded"],
                "l": key["url-encoded lower"], "b": key["base64"], "s": key["base64 url-safe bare"],
                "t": token["base64"]}
        # Sent as it is: the stub does not re-encode a str body.
        body = json.dumps(echo).replace("\\\\/", "\\/")
        self.assertIn("kEy\\/1", body)
        self.stack.alloc.answers["leaky"] = [(500, body)]
        event = harness.make_event(ACCOUNT, "rebalance", strategy="leaky")
        harness.enqueue(self.stack.redis.client, event)
        record = self.stack.wait_status(event["event_id"], "retry", timeout=30)
        self.assertIn("HTTP 500", record["error"])

        redis = self.stack.redis.client
        harness.wait_until(lambda: redis("ZCARD", "rebalance_delayed_set"), 10, "the retry")
        places = {
            "processor log": self.stack.processor_logs(),
            "rebalance_history": "\n".join(redis("LRANGE", "rebalance_history", 0, -1)),
            "rebalance_delayed_set": "\n".join(redis("ZRANGE", "rebalance_delayed_set", 0, -1)),
            "GET /events/history": self.raw_api("/events/history"),
            "GET /queue/events": self.raw_api("/queue/events"),
            "GET /queue/events?type=delayed": self.raw_api("/queue/events?type=delayed"),
            "GET /queue/events/<id>": self.raw_api(f"/queue/events/{event['event_id']}"),
        }
        self.assertIn("HTTP 500", places["processor log"])
        self.assertIn("HTTP 500", places["GET /queue/events?type=delayed"])
        leaks = []
        for place, text in places.items():
            for secret, forms in (("key", key), ("token", token)):
                for name, spelling in forms.items():
                    if spelling in text:
                        leaks.append(f"{secret} {name} ({spelling}) in {place}")
        self.assertEqual(leaks, [])
        self.assertIn("***", record["error"], "the echo did not reach the error at all")
        self.assertTrue(self.stack.processor.alive())


if __name__ == "__main__":
    unittest.main()
