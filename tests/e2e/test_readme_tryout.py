"""The README's ibsim try-out ("Running against IB Gateway"), run as written: its fenced block is
taken from README.md and run by bash, with only the well-known ports swapped for free ones and
the binaries' paths pointed at this build. The rebalance must finish and move ibsim's account
onto the bundled strategy's weights. Then, on the same stack, the README's hand-made event (the
"event JSON" section's SADD + LPUSH, redis-cli pointed at the try-out's port) must end done."""
import json
import os
import re
import shutil
import signal
import subprocess
import unittest

import urllib.error
import urllib.request

import harness

README = os.path.join(harness.SOURCE_DIR, "README.md")
STRATEGY = os.path.join(harness.SOURCE_DIR, "examples", "demo", "strategy.json")
ACCOUNT = "DU1234567"  # examples/ibsim/example.yaml's account, named by the README block
PORTS = ("6390", "4004", "8765", "8090", "8000")  # redis, ibsim, ibsim control, stub, API
PROCESSOR_PATH = "build/dev/src/app/event-processor"
IBSIM_PATH = "build/dev/src/sim/ibsim"


def sh_block_after(text, marker):
    """The first ```sh block after `marker` in the README."""
    match = re.compile(r"```sh\n(.*?)```", re.S).search(text, text.index(marker))
    if not match:
        raise AssertionError(f"README: no ```sh block after {marker!r}")
    return match.group(1)


def tryout_block(text):
    return sh_block_after(text, "To try it without an account")


EVENT_JSON_MARKER = "## The event JSON"  # its block: SADD + LPUSH of one event, by redis-cli


class ReadmeTryoutTest(unittest.TestCase):
    def test_the_tryout_block_runs_a_rebalance_to_done(self):
        with open(README) as f:
            block = tryout_block(f.read())
        # The paths a reader types are the dev preset's outputs (what scripts/build.sh dev makes).
        self.assertIn(PROCESSOR_PATH, block)
        self.assertIn(IBSIM_PATH, block)
        self.assertTrue(harness.PROCESSOR_BIN.endswith("src/app/event-processor"))
        ports = {port: str(harness.free_port()) for port in PORTS}
        for port in PORTS:
            self.assertRegex(block, rf"\b{port}\b", f"the block no longer uses port {port}")
        script = re.sub(r"\b(" + "|".join(PORTS) + r")\b", lambda m: ports[m.group(1)], block)
        script = script.replace(PROCESSOR_PATH, harness.PROCESSOR_BIN)
        script = script.replace(IBSIM_PATH, harness.IBSIM_BIN)

        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
        workdir = harness.tempfile.mkdtemp(prefix="ep-tryout-")
        log_path = os.path.join(workdir, "tryout.log")
        with open(log_path, "w") as log:
            # Its own process group, so every process the block starts in the background is
            # stopped at the end by this group's id (a reader types kill %1 %2 %3 %4).
            process = subprocess.Popen(["bash", "-e", "-c", script], cwd=harness.SOURCE_DIR,
                                       env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                code = process.wait(timeout=120)
                output = _read(log_path)
                self.assertEqual(code, 0, f"the try-out block failed:\n{output[-6000:]}")
                self.check_outcome(output, ports)
                self.check_event_json_example(env, ports)
            except subprocess.TimeoutExpired:
                self.fail(f"the try-out block did not finish in 120 s:\n{_read(log_path)[-6000:]}")
            finally:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                process.wait(timeout=30)
                harness.wait_until(lambda: not _group_alive(process.pid), 40,
                                   "the try-out's background processes to stop")
        shutil.rmtree(workdir)  # kept when the test fails, for its log

    def check_outcome(self, output, ports):
        # The last two commands print the outcome record and ibsim's state; read both live too.
        _, records = _get_json(f"http://127.0.0.1:{ports['8000']}/events/history?limit=1")
        self.assertEqual(records[0]["status"], "done", records[0])
        self.assertEqual(records[0]["account_id"], ACCOUNT)
        self.assertTrue(records[0]["orders"], "a rebalance that placed no order")
        self.assertIn(records[0]["event_id"], output)  # enqueue printed it
        # The stub the block started checks the key the processor sent (it got its 200).
        with self.assertRaises(urllib.error.HTTPError) as refused:
            _get_json(f"http://127.0.0.1:{ports['8090']}/etf-blend-demo/allocations")
        self.assertEqual(refused.exception.code, 401)
        refused.exception.close()
        _, state = _get_json(f"http://127.0.0.1:{ports['8765']}/state")
        account = state["accounts"][ACCOUNT]
        with open(STRATEGY) as f:
            weights = {a["symbol"]: a["allocation"]
                       for a in json.load(f)["data"]["allocations"]}
        # Every target symbol is now held; nothing outside the strategy is left.
        held = {s for s, q in account["positions"].items() if q}
        self.assertEqual(held, set(weights), account)


    def check_event_json_example(self, env, ports):
        """The README's hand-made event (the broker's format) on the try-out's stack."""
        with open(README) as f:
            block = sh_block_after(f.read(), EVENT_JSON_MARKER)
        event_id = re.search(r'"event_id":"([^"]+)"', block).group(1)
        script = block.replace("redis-cli ", f"redis-cli -p {ports['6390']} ")
        done = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True,
                              text=True, timeout=30)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.split(), ["1", "1"], "SADD (a new key) then LPUSH")
        url = f"http://127.0.0.1:{ports['8000']}/events/history/{event_id}"
        record = harness.wait_until(
            lambda: next((r for r in _get_json(url)[1] if r["status"] == "done"), None),
            60, f"the README's event {event_id} to end done")
        self.assertEqual(record["command"], "rebalance")


def _read(path):
    with open(path) as f:
        return f.read()


def _get_json(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, json.loads(answer.read())


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


if __name__ == "__main__":
    unittest.main()
