"""The status page (GET /) in headless Chromium against a running stack: it shows the state, a
finished rebalance with its orders and the holdings chart, and a dead letter with its reason;
retry, delete and pause work from its buttons with the token typed into the page (the same
guard as the API); a change without the token is refused and said so; Redis down is shown. A screenshot is kept
under the build directory (test-artifacts/status_page.png, and status_page_paused.png after the
pause) and the page logs no console error.
"""
import json
import os
import unittest
import urllib.request

import cdp
import harness
from e2e_common import ACCOUNT, STRATEGY, TARGETS, start

TOKEN = "page-token-5d1c0e7a"
ARTIFACTS = os.path.join(harness.BINARY_DIR, "test-artifacts")


@unittest.skipUnless(cdp.CHROMIUM, "chromium is not installed (scripts/install-deps.sh)")
class StatusPageTest(unittest.TestCase):
    def setUp(self):
        self.stack = start(env_overrides={"MANAGEMENT_API_TOKEN": TOKEN})
        self.addCleanup(self.stack.close)
        self.stack.start_processor()
        self.redis = self.stack.redis.client
        os.makedirs(ARTIFACTS, exist_ok=True)
        self.browser = cdp.Browser(os.path.join(self.stack.dir, "chromium.log"))
        self.addCleanup(self.browser.close)
        self.page = self.browser.page()
        self.addCleanup(self.page.close)
        # window.confirm (delete) is answered yes, as an operator would.
        self.page.on_event = lambda event: (
            event["method"] == "Page.javascriptDialogOpening"
            and self.page.ws.send(json.dumps({"id": 0, "method": "Page.handleJavaScriptDialog",
                                              "params": {"accept": True}})))
        for domain in ("Page", "Runtime", "Log"):
            self.page.call(f"{domain}.enable")

    def text_of(self, selector):
        return self.page.evaluate(
            f"(document.querySelector({json.dumps(selector)}) || {{}}).innerText || ''")

    def keep_screenshot(self, name):
        path = self.page.screenshot(os.path.join(ARTIFACTS, name))
        with open(path, "rb") as f:
            png = f.read()
        self.assertTrue(png.startswith(b"\x89PNG"))
        self.assertGreater(len(png), 20000)

    def dead_letters(self):
        return [json.loads(d) for d in self.redis("LRANGE", "rebalance_dead_letter", 0, -1)]

    def test_page_shows_the_service_and_its_buttons_work(self):
        url = f"http://127.0.0.1:{self.stack.api_port}/"
        with urllib.request.urlopen(url, timeout=10) as answer:
            self.assertEqual(answer.status, 200)
            self.assertTrue(answer.headers["Content-Type"].startswith("text/html"))
            self.assertIn("frame-ancestors 'none'", answer.headers["Content-Security-Policy"])
            body = answer.read().decode()
        # Works offline: nothing is loaded from anywhere but this origin.
        for outside in ("http://", "https://", "//cdn", "src=\"/"):
            self.assertNotIn(outside, body)

        done = harness.make_event(ACCOUNT, "rebalance", strategy=STRATEGY)
        harness.enqueue(self.redis, done)
        record = self.stack.wait_status(done["event_id"], "done", 60)
        self.assertEqual(record["result"]["targets"], dict(TARGETS))
        dead = harness.make_event("DU7777777", "rebalance", strategy=STRATEGY)
        harness.enqueue(self.redis, dead)
        self.stack.wait_status(dead["event_id"], "dead_letter", 60)
        reason = self.dead_letters()[0]["reason"]
        # An outcome record an older version wrote (orders with action / avg_price) is shown
        # with the same key set as today's (the API renames the old keys).
        older = {"event_id": "older-record-1", "account_id": "DU5555555", "command": "rebalance",
                 "status": "done", "error": "", "result": None,
                 "orders": [{"symbol": "SPY", "action": "SELL", "quantity": 3, "order_id": 7,
                             "order_ref": "x", "state": "Filled", "filled": 3,
                             "avg_price": 501.5, "commission": 1.0, "fills": [], "error": ""}],
                 "phases": {}, "finished_at": "2025-07-20T13:31:48.123456+00:00"}
        self.redis("RPUSH", "rebalance_history", json.dumps(older))

        self.page.call("Page.navigate", url=url)
        self.page.wait_for("document.body && Number(document.body.dataset.refreshed || 0) >= 1", 20,
                           "the page's first refresh")
        # State: gateway, Redis, trading mode, processing, queue counts.
        cards = self.text_of("#cards").lower()
        for expected in ("gateway", "connected", ACCOUNT.lower(), "redis", "ok", "paper",
                         "matches", "dead letters", "processing", "idle"):
            self.assertIn(expected, cards)
        # The finished rebalance: status, orders with fills and commissions, phase times.
        row = self.page.wait_for(
            f"(document.querySelector('#outcomes-table tr[data-event=\"{done['event_id']}\"]')"
            " || {}).innerText", 20, "the rebalance's outcome row")
        self.assertIn("done", row)
        self.assertIn(ACCOUNT, row)
        self.assertIn("SELL", row)
        self.assertIn("BUY", row)
        self.assertIn("comm", row)
        self.assertIn("sells", row)  # a phase time
        # Side, quantity, symbol, state, filled @ average price: every key of an order is read.
        self.assertRegex(row, r"SELL \d+ \w+ \u2192 Filled \d+@\d+\.\d\d comm")
        # Execution quality: each filled order's slippage against its planned quote and the
        # rebalance's cost, as the record says.
        filled = [o for o in record["orders"] if o.get("filled")]
        self.assertTrue(filled)
        for order in filled:
            slip = order["slippage"]
            sign = "+" if slip["vs_quote_bp"] > 0 else ""
            self.assertIn(f"slip {sign}{slip['vs_quote_bp']:.2f} bp ({slip['cost']:.2f})", row)
        cost = record["result"]["execution_cost"]
        self.assertIn(f"{cost['total']:.2f} ({cost['fraction_of_traded'] * 100:.3f}% of "
                      f"{cost['traded_value']:.2f})", row)
        old_row = self.page.wait_for(
            "(document.querySelector('#outcomes-table tr[data-event=\"older-record-1\"]')"
            " || {}).innerText", 10, "the older record's row")
        self.assertIn("SELL 3 SPY \u2192 Filled 3@501.50 comm 1.00", old_row)
        self.assertNotIn("slip", old_row)  # written before slippage was measured
        # The holdings chart of the account: one bar row per symbol, targets as given.
        chart = self.page.wait_for(
            f"(document.querySelector('.chart[data-account=\"{ACCOUNT}\"]') || {{}}).innerText",
            10, "the holdings chart")
        for symbol, weight in TARGETS:
            self.assertIn(symbol, chart)
            self.assertIn(f"/ {weight * 100:.1f}%", chart)
        self.assertEqual(self.page.evaluate(
            f"document.querySelectorAll('.chart[data-account=\"{ACCOUNT}\"] .bar-row').length"),
            4)  # SPY, TLT, IEF and OLD (sold)
        # The dead letter with its reason.
        dead_row = self.page.wait_for(
            f"(document.querySelector('#dead-table tr[data-event=\"{dead['event_id']}\"]')"
            " || {}).innerText", 10, "the dead letter's row")
        self.assertIn("DU7777777", dead_row)
        self.assertIn(reason[:40], dead_row)

        # The artifact: the state, the finished rebalance with its chart and the dead letter.
        self.keep_screenshot("status_page.png")

        self.page.type_into("#token", TOKEN)
        # Retry from the button: the event goes back to the queue, runs and is dead-lettered
        # again (its account is still not managed), so its outcome records are two.
        self.page.click(f"#dead-table tr[data-event=\"{dead['event_id']}\"] button.retry")
        self.page.wait_for("document.getElementById('message').innerText.includes('sent back')",
                           10, "the retry's answer")
        harness.wait_until(
            lambda: len([r for r in self.stack.history()
                         if r.get("event_id") == dead["event_id"]]) == 2
            and len(self.dead_letters()) == 1, 30, "the retried event to be dead again")
        # Delete from the button (the confirm dialog is accepted).
        self.page.wait_for(
            f"document.querySelector('#dead-table tr[data-event=\"{dead['event_id']}\"]') !== null",
            10, "the dead letter back on the page")
        self.page.click(f"#dead-table tr[data-event=\"{dead['event_id']}\"] button.delete")
        harness.wait_until(lambda: self.dead_letters() == [], 10, "the dead letter deleted")
        try:
            self.page.wait_for(
                "document.getElementById('dead').innerText.includes('No dead letters')", 10,
                "the page to show no dead letter")
        except AssertionError:
            raise AssertionError(self.page.evaluate(
                "document.getElementById('dead').innerText + ' | ' + "
                "document.getElementById('message').innerText + ' | ' + document.body.dataset.refreshed"))

        # Pause from the button.
        self.page.click("#pause-button")
        harness.wait_until(lambda: self.stack.api("/queue/status")[1]["paused"] is True, 10,
                           "the pause")
        self.page.wait_for("document.getElementById('resume-button') !== null", 10,
                           "the resume button")
        self.assertEqual(self.text_of("#paused-state"), "paused")

        self.keep_screenshot("status_page_paused.png")
        self.assertEqual(self.page.console_errors(), [])

        # Without the token the change is refused (401) and the page says why; still paused.
        self.page.evaluate("document.getElementById('token').value = ''; "
                           "document.getElementById('token').dispatchEvent(new Event('input'))")
        self.page.click("#resume-button")
        message = self.page.wait_for(
            "document.getElementById('message').innerText.includes('401') && "
            "document.getElementById('message').innerText", 10, "the refusal")
        self.assertIn("token", message)
        self.assertIs(self.stack.api("/queue/status")[1]["paused"], True)
        # Nothing of the token was stored by the server side: it is in no Redis key or log.
        self.assertNotIn(TOKEN, self.stack.processor_logs())
        for key in self.redis("KEYS", "*"):
            self.assertNotIn(TOKEN, key)

        # Redis gone: the page keeps refreshing and says so; the gateway is still shown.
        self.stack.redis.stop()
        cards = self.page.wait_for(
            "document.getElementById('cards').innerText.toLowerCase().includes('unreachable') && "
            "document.getElementById('cards').innerText.toLowerCase()", 30, "Redis unreachable")
        self.assertIn("connected", cards)
        self.stack.redis.start()


if __name__ == "__main__":
    unittest.main()
