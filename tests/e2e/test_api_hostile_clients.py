"""Hostile and slow clients against the real binary's management API (README "Management API",
limits and the cross-site rule), each attack on a fresh process whose peak RSS (VmHWM) is read
from /proc: a 256 MiB chunked body, a gzip bomb sent chunked, 3 million small headers, sockets
trickling headers and 200 idle sockets while liveness probes must answer, keep-alive latency
(Nagle), and a browser's cross-site text/plain POST. Loopback only, bounded in size and time.
Figures go to stderr (for bench notes); set EP_PROCESSOR_BIN to measure another build."""
import http.client
import json
import socket
import sys
import threading
import time
import unittest
import urllib.request
import zlib

from e2e_common import ACCOUNT, start

# Growth of the peak RSS an attack may cause; before the limits these attacks took 0.5-1.5 GB.
MAX_PEAK_GROWTH_KB = 48 * 1024


def report(what, value):
    print(f"[api-hostile] {what}: {value}", file=sys.stderr, flush=True)


class HostileClientsTest(unittest.TestCase):
    def setUp(self):
        self.stack = start()
        self.stack.start_processor()
        self.port = self.stack.api_port
        self.baseline_kb = self.peak_kb()

    def tearDown(self):
        self.stack.close()

    def status_kb(self, field):
        with open(f"/proc/{self.stack.processor.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise AssertionError(field + " missing")

    def peak_kb(self):
        return self.status_kb("VmHWM")

    def assert_bounded_peak(self, attack):
        peak = self.peak_kb()
        report(f"{attack}: peak RSS", f"{peak / 1024:.1f} MB (baseline {self.baseline_kb / 1024:.1f} MB)")
        self.assertTrue(self.stack.processor.alive(), "the processor died")
        self.assertLess(peak - self.baseline_kb, MAX_PEAK_GROWTH_KB, f"{attack}: peak RSS grew too much")
        self.assertEqual(self.probe(), 200, "the API stopped answering")

    def probe(self, timeout=2):
        try:
            url = f"http://127.0.0.1:{self.port}/health/live"
            with urllib.request.urlopen(url, timeout=timeout) as answer:
                return answer.status
        except OSError:
            return None

    def raw(self, timeout=15):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        return sock

    def send_then_read(self, sock, pieces):
        """Sends what the server takes (it may refuse and close early), then reads the answer."""
        try:
            for piece in pieces:
                sock.sendall(piece)
        except OSError:
            pass
        answer = b""
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        except OSError:
            pass
        sock.close()
        return answer

    def test_chunked_body_of_256_mib(self):
        sock = self.raw()
        head = (b"POST /queue/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
        started = time.monotonic()
        answer = self.send_then_read(sock, [head] + [chunk] * 4096 + [b"0\r\n\r\n"])
        report("chunked 256 MiB: answer", answer.split(b"\r\n")[0].decode() or "(cut)")
        report("chunked 256 MiB: seconds", f"{time.monotonic() - started:.2f}")
        self.assert_bounded_peak("chunked 256 MiB")
        self.assertTrue(answer == b"" or answer.startswith(b"HTTP/1.1 413"), answer[:80])
        self.assertEqual(self.stack.redis.client("LLEN", "rebalance_queue"), 0)

    def test_gzip_bomb_sent_chunked(self):
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
        zeros = b"\0" * (1 << 20)
        parts = [compressor.compress(b'{"account_id":"' + ACCOUNT.encode() + b'","data":"')]
        parts += [compressor.compress(zeros) for _ in range(512)]
        parts.append(compressor.flush())
        bomb = b"".join(parts)
        report("gzip bomb: compressed size", f"{len(bomb)} bytes (inflates to 512 MiB)")
        sock = self.raw()
        head = (b"POST /queue/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n")
        pieces = [head]
        for i in range(0, len(bomb), 16384):
            piece = bomb[i:i + 16384]
            pieces.append(b"%x\r\n" % len(piece) + piece + b"\r\n")
        pieces.append(b"0\r\n\r\n")
        answer = self.send_then_read(sock, pieces)
        report("gzip bomb: answer", answer.split(b"\r\n")[0].decode() or "(cut)")
        self.assert_bounded_peak("gzip bomb")
        self.assertTrue(answer.startswith(b"HTTP/1.1 415"), answer[:80])

    def test_three_million_headers(self):
        sock = self.raw()
        block = b"X-a: b\r\n" * 100000
        started = time.monotonic()
        answer = self.send_then_read(
            sock, [b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"] + [block] * 30 + [b"\r\n"])
        report("3 million headers: answer", answer.split(b"\r\n")[0].decode() or "(cut)")
        report("3 million headers: seconds", f"{time.monotonic() - started:.2f}")
        self.assert_bounded_peak("3 million headers")
        self.assertNotIn(b"alive", answer)

    def probes_during(self, count, interval):
        answered = 0
        for _ in range(count):
            if self.probe(timeout=2) == 200:
                answered += 1
            time.sleep(interval)
        return answered

    def test_sockets_trickling_headers_leave_the_probes_answering(self):
        stop = threading.Event()

        def trickle():
            sock = self.raw()
            try:
                sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n")
                while not stop.wait(0.5):
                    sock.sendall(b"X")
            except OSError:
                pass  # cut at the request deadline
            finally:
                sock.close()

        threads = [threading.Thread(target=trickle) for _ in range(4)]
        for thread in threads:
            thread.start()
        try:
            answered = self.probes_during(9, 0.5)
        finally:
            stop.set()
            for thread in threads:
                thread.join(10)
        report("4 trickling sockets: probes answered", f"{answered} of 9")
        self.assertEqual(answered, 9)
        self.assert_bounded_peak("trickling sockets")

    def test_two_hundred_idle_sockets_leave_the_probes_answering(self):
        idle = []
        try:
            for _ in range(200):
                idle.append(socket.create_connection(("127.0.0.1", self.port), timeout=5))
            answered = self.probes_during(8, 0.25)
        finally:
            for sock in idle:
                sock.close()
        report("200 idle sockets: probes answered", f"{answered} of 8")
        self.assertEqual(answered, 8)
        self.assert_bounded_peak("idle sockets")

    def test_keep_alive_requests_per_second(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        count = 300
        started = time.monotonic()
        for _ in range(count):
            connection.request("GET", "/health/live")
            answer = connection.getresponse()
            answer.read()
            self.assertEqual(answer.status, 200)
        elapsed = time.monotonic() - started
        connection.close()
        report("keep-alive /health/live", f"{count / elapsed:.0f} requests/s, "
                                          f"{elapsed / count * 1000:.2f} ms each")
        # Nagle with delayed ACKs held each answer about 44 ms (about 22 requests/s).
        self.assertLess(elapsed / count, 0.010)

    def post(self, path, body, headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        status = answer.status
        answer.read()
        connection.close()
        return status

    def test_cross_site_posts_are_refused(self):
        event = json.dumps({"account_id": ACCOUNT, "exec_command": "print-positions", "data": {}})
        # What a page on another site can make a browser send without asking (no token set).
        self.assertEqual(self.post("/queue/events", event, {"Content-Type": "text/plain"}), 415)
        self.assertEqual(self.post("/queue/events", event, {
            "Content-Type": "application/json", "Origin": "http://evil.example"}), 403)
        self.assertEqual(self.post("/processing/pause", "", {
            "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}), 403)
        self.assertEqual(self.stack.redis.client("LLEN", "rebalance_queue"), 0)
        self.assertEqual(self.stack.api("/queue/status")[1]["paused"], False)
        # curl and scripts: bodiless POST without Origin, JSON bodies.
        self.assertEqual(self.stack.api("/processing/pause", "POST")[0], 200)
        self.assertEqual(self.stack.api("/processing/resume", "POST")[0], 200)
        self.assertEqual(self.post("/queue/events", event, {"Content-Type": "application/json"}), 200)


if __name__ == "__main__":
    unittest.main()
