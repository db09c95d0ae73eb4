"""Whole-process test harness: a private redis-server, ibsim, an allocation API stub and the
event-processor binary, each on a free loopback port, stopped by PID at the end.

Only the Python standard library is used (Redis is spoken with a tiny RESP client), so the
tests run on a fresh Debian 12 machine after scripts/install-deps.sh.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import datetime, timezone

SOURCE_DIR = os.environ.get("EP_SOURCE_DIR", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
BINARY_DIR = os.environ.get("EP_BINARY_DIR", os.path.join(SOURCE_DIR, "build", "dev"))
PROCESSOR_BIN = os.environ.get("EP_PROCESSOR_BIN",
                               os.path.join(BINARY_DIR, "src", "app", "event-processor"))
IBSIM_BIN = os.environ.get("EP_IBSIM_BIN", os.path.join(BINARY_DIR, "src", "sim", "ibsim"))

sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))
from allocation_stub import AllocationServer  # noqa: E402  (the one stub: demo, tests, try-out)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what, interval=0.05):
    """Polls predicate until it returns a truthy value or the deadline passes."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the process under test may not be up yet
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}"
                         + (f" (last error: {last_error})" if last_error else ""))


class RespClient:
    """A minimal Redis client (RESP2), one connection, for test assertions."""

    def __init__(self, port):
        self.port = port
        self.sock = None
        self.buf = b""

    def _connect(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.buf = b""

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n).decode("utf-8", "replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise RuntimeError(f"bad RESP reply {line!r}")

    def __call__(self, *args):
        for attempt in range(2):
            try:
                if self.sock is None:
                    self._connect()
                payload = b"*%d\r\n" % len(args)
                for arg in args:
                    data = arg if isinstance(arg, bytes) else str(arg).encode()
                    payload += b"$%d\r\n%s\r\n" % (len(data), data)
                self.sock.sendall(payload)
                return self._reply()
            except (ConnectionError, OSError):
                self.sock = None
                if attempt:
                    raise


class Process:
    """A child process with its output in a log file, stopped by PID."""

    def __init__(self, args, log_path, env=None):
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, env=env,
                                     start_new_session=True)

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()
        return self.proc.returncode

    def kill(self):
        return self.stop(signal.SIGKILL)

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")


class RedisServer:
    def __init__(self, workdir, appendonly=False):
        self.port = free_port()
        self.dir = workdir
        self.appendonly = appendonly
        self.process = None
        self.start()
        self.client = RespClient(self.port)

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--dir", self.dir, "--daemonize", "no",
                "--appendonly", "yes" if self.appendonly else "no"]
        if self.appendonly:
            args += ["--appendfsync", "always"]
        self.process = Process(args, os.path.join(self.dir, "redis.log"))
        client = RespClient(self.port)
        wait_until(lambda: client("PING") == "PONG", 10, "redis-server to answer PING")

    def restart(self):
        self.process.stop()
        self.start()

    def stop(self):
        if self.process:
            self.process.stop()


class IbSim:
    def __init__(self, workdir, scenario):
        self.ledger = os.path.join(workdir, "ledger.jsonl")
        self.process = Process([IBSIM_BIN, "--scenario", scenario, "--port", "0",
                                "--control-port", "0", "--ledger", self.ledger],
                               os.path.join(workdir, "ibsim.log"))
        first = self.process.proc.stdout.readline().decode()
        if not first:
            raise AssertionError("ibsim printed nothing: " + self.process.output())
        ports = json.loads(first)
        self.port, self.control_port = ports["port"], ports["control_port"]
        # Keep draining stdout so ibsim never blocks on a full pipe.
        threading.Thread(target=self.process.proc.stdout.read, daemon=True).start()

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.control_port}{path}",
                                         data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read().decode()
            return json.loads(text) if text else None

    def state(self):
        return self._request("GET", "/state")

    def post(self, path, body):
        return self._request("POST", path, body)

    def orders(self, what_if=False):
        return [o for o in self.state()["orders"] if bool(o.get("what_if")) == what_if]

    def stop(self):
        self.process.stop()


class AllocationStub(AllocationServer):
    """The allocation API (scripts/allocation_stub.py) on a free port, no key required:
    GET /<strategy>/allocations answers what the test configured with set() or answers."""

    def __init__(self):
        super().__init__(port=0)
        self.start()


BASIC_BOOK_PRICES = {"SPY": 600.0, "TLT": 90.0, "IEF": 95.0, "OLD": 40.0}
_BASIC_BOOK_TAIL = """defaults:
  market_data: [live, frozen, delayed]
  hours: always
  time_zone: America/New_York
  primary_exchange: ARCA
symbols:
  SPY: {{con_id: 756733, price: 600.0, bid: 599.99, ask: 600.01, close: 598.0}}
  TLT: {{con_id: 15547841, price: 90.0, bid: 89.99, ask: 90.01, close: 90.5}}
  IEF: {{con_id: 12340004, price: 95.0, bid: 94.99, ask: 95.01, close: 95.2}}
  OLD: {{con_id: 12349999, price: 40.0, bid: 39.99, ask: 40.01, close: 40.1}}
latency:
  response_delay_ms: {response_delay_ms}
  submit_delay_ms: {submit_delay_ms}
  fill_delay_ms: {fill_delay_ms}
  partial_fill_chunks: 1
  fill_interval_ms: 0
  commission_per_share: 0.005
  commission_min: 1.0
"""


def write_basic_books(path, account_ids, response_delay_ms=0, submit_delay_ms=0,
                      fill_delay_ms=0, cash=20800):
    """An ibsim scenario for many accounts (chaos suites, benchmarks): each holds the basic
    book (SPY 50, TLT 100, OLD 30, cash 20800 unless given) with prices BASIC_BOOK_PRICES;
    every order fills whole, fill_delay_ms after acceptance."""
    with open(path, "w") as f:
        f.write("accounts:\n")
        for account in account_ids:
            f.write(f"  - id: {account}\n    cash: {cash}\n    positions:\n"
                    "      - {symbol: SPY, quantity: 50, avg_cost: 500.0}\n"
                    "      - {symbol: TLT, quantity: 100, avg_cost: 95.0}\n"
                    "      - {symbol: OLD, quantity: 30, avg_cost: 40.0}\n")
        f.write(_BASIC_BOOK_TAIL.format(response_delay_ms=response_delay_ms,
                                        submit_delay_ms=submit_delay_ms,
                                        fill_delay_ms=fill_delay_ms))
    return path


def make_event(account_id, command, strategy="test-strategy", reserve=1.0, extra=None):
    data = {"exec": command, "eventId": str(uuid.uuid4()),
            "account_config": {"account_id": account_id, "notification_channel": strategy,
                               "cash_reserve_percentage": reserve}}
    if extra:
        data.update(extra)
    return {"event_id": str(uuid.uuid4()), "account_id": account_id, "data": data,
            "times_queued": 1,
            "created_at": datetime.now(timezone.utc).isoformat(),
            "status": "pending"}


def enqueue(redis, event):
    """As the event broker does: SADD the dedup key, then LPUSH the JSON. In this order: a
    processor may finish the event (and release the key) before a later SADD would land."""
    text = event if isinstance(event, str) else json.dumps(event)
    if isinstance(event, dict):
        redis("SADD", "active_events_set", f"{event['account_id']}:{event['data']['exec']}")
    redis("LPUSH", "rebalance_queue", text)
    return text


class Stack:
    """Redis + ibsim + allocation stub + processor, configured for fast retries."""

    def __init__(self, scenario, appendonly=False, config_overrides=None, env_overrides=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="ep-e2e-")
        self.dir = self.tmp.name
        self.redis = RedisServer(self.dir, appendonly=appendonly)
        self.ibsim = IbSim(self.dir, scenario)
        self.alloc = AllocationStub()
        self.api_port = free_port()
        config = {
            "processing": {"retry_delay_seconds": 1, "retry_check_interval": 1,
                           "queue_timeout": 1},
            "ibkr": {"order_completion_timeout": 20},
        }
        for section, values in (config_overrides or {}).items():
            config.setdefault(section, {}).update(values)
        self.config_path = os.path.join(self.dir, "config.yaml")
        with open(self.config_path, "w") as f:
            for section, values in config.items():
                f.write(f"{section}:\n")
                for key, value in values.items():
                    f.write(f"  {key}: {json.dumps(value)}\n")
        self.env = dict(os.environ)
        self.env.update({
            "ALLOCATIONS_API_KEY": "test-secret-key-123", "SERVICE_VERSION": "e2e",
            "TRADING_MODE": "paper", "LOG_LEVEL": "DEBUG",
            "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.redis.port),
            "IB_HOST": "127.0.0.1", "IB_PORT": str(self.ibsim.port),
            "ALLOCATIONS_API_URL": self.alloc.url, "MANAGEMENT_API_PORT": str(self.api_port),
            "MANAGEMENT_API_BIND": "127.0.0.1", "CONFIG_FILE": self.config_path,
        })
        self.env.update(env_overrides or {})
        self.processor = None
        self.runs = 0
        self.extras = []  # further processors (start_extra_processor), in start order

    def start_processor(self):
        self.runs += 1
        self.processor = Process([PROCESSOR_BIN, "run"],
                                 os.path.join(self.dir, f"processor-{self.runs}.log"), self.env)
        wait_until(lambda: self.api("/health/live")[0] == 200, 15, "the processor's API")
        return self.processor

    def start_extra_processor(self, env_overrides=None):
        """One more processor on the same Redis and gateway, with its own API port. With
        default settings it claims its own worker id and IB client id in Redis, distinct from
        every live processor's (a restart on this host gets the same ones back)."""
        env = dict(self.env)
        port = free_port()
        env["MANAGEMENT_API_PORT"] = str(port)
        env.update(env_overrides or {})
        log = os.path.join(self.dir, f"extra-processor-{len(self.extras) + 1}.log")
        process = Process([PROCESSOR_BIN, "run"], log, env)
        process.api_port = port
        self.extras.append(process)
        url = f"http://127.0.0.1:{port}/health/live"
        wait_until(lambda: urllib.request.urlopen(url, timeout=2).status == 200, 15,
                   f"extra processor {len(self.extras)}'s API")
        return process

    def api(self, path, method="GET", body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data,
                                         method=method, headers=headers or {})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read().decode() or "null")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read().decode() or "null")

    def history(self):
        return [json.loads(item) for item in self.redis.client("LRANGE", "rebalance_history", 0, -1)]

    def outcome_of(self, event_id):
        for record in self.history():
            if record.get("event_id") == event_id:
                return record
        return None

    def wait_outcome(self, event_id, timeout=30):
        return wait_until(lambda: self.outcome_of(event_id), timeout, f"outcome of {event_id}")

    def wait_status(self, event_id, status, timeout=90):
        """Waits for an outcome record of the event with this status (an event may have
        several: retries first, then done)."""
        return wait_until(
            lambda: next((r for r in self.history()
                          if r.get("event_id") == event_id and r.get("status") == status), None),
            timeout, f"{event_id} to reach {status}")

    def processor_logs(self):
        """The logs of every processor run (the main one's restarts, then the extras)."""
        text = ""
        for path in self._processor_log_paths():
            with open(path, errors="replace") as f:
                text += f.read()
        return text

    def _processor_log_paths(self):
        return ([os.path.join(self.dir, f"processor-{i}.log") for i in range(1, self.runs + 1)]
                + [p.log_path for p in self.extras])

    def close(self):
        """Stops everything; raises when a sanitizer reported anything in the processor's or
        ibsim's output (the asan/tsan presets run this suite on sanitized binaries)."""
        if self.processor:
            self.processor.stop()
        for process in self.extras:
            process.stop()
        self.ibsim.stop()
        self.alloc.stop()
        self.redis.stop()
        logs = self._processor_log_paths()
        findings = sanitizer_reports(logs + [os.path.join(self.dir, "ibsim.log")])
        self.tmp.cleanup()
        if findings:
            raise AssertionError("sanitizer reports:\n" + "\n".join(findings))


SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", ": runtime error: ",
                     "WARNING: ThreadSanitizer")


def sanitizer_reports(paths):
    """The sanitizer report lines (with the 20 lines after each) found in these log files."""
    findings = []
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
        for i, line in enumerate(lines):
            if any(marker in line for marker in SANITIZER_MARKERS):
                findings.append(f"{os.path.basename(path)}: " + "\n".join(lines[i:i + 20]))
    return findings
