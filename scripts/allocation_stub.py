#!/usr/bin/env python3
"""A local allocation API for trying the processor out, the demo and the tests.

    python3 scripts/allocation_stub.py --port 8080 --api-key KEY examples/demo/strategy.json

Serves GET /<strategy>/allocations (the contract of docs/allocation-api.md) from strategy
files, each a whole answer `{"status": "success", "data": {"name": ..., "allocations": [...]}}`
served under its `data.name`. With --api-key (or ALLOCATIONS_API_KEY in the environment) a
request without that `x-api-key` header gets 401, as the real API answers. Unknown strategy:
404. Listens on 127.0.0.1 only; prints one line {"port": P} once it listens (port 0 = a free
port). Standard library only, so it runs anywhere python3 does.

tests/e2e/harness.py and scripts/demo.py use AllocationServer directly: tests set the answers
(a sequence per strategy, the last one repeating) and read back the requests it saw.
"""
import argparse
import hmac
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class AllocationServer:
    """GET /<strategy>/allocations -> the configured answers for that strategy."""

    def __init__(self, port=0, api_key=None):
        self.answers = {}   # strategy -> list of (status, body); the last one repeats
        self.requests = []  # (path, headers)
        self.api_key = api_key
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, body = server._answer(self.path, dict(self.headers))
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def _answer(self, path, headers):
        with self._lock:
            self.requests.append((path, headers))
            if self.api_key is not None:
                given = next((v for k, v in headers.items() if k.lower() == "x-api-key"), "")
                if not hmac.compare_digest(given.encode(), self.api_key.encode()):
                    return 401, {"status": "error", "message": "invalid or missing x-api-key"}
            parts = path.split("?")[0].strip("/").split("/")
            queue = self.answers.get(parts[0]) if len(parts) == 2 and parts[1] == "allocations" \
                else None
            if not queue:
                return 404, {"status": "error", "message": "unknown strategy"}
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def serve_answer(self, answer):
        """Serves a whole success answer (a strategy file's content) under its data.name."""
        self.answers[answer["data"]["name"]] = [(200, answer)]
        return answer["data"]["name"]

    def set(self, strategy, allocations=None, answers=None):
        """allocations [(symbol, weight)] as a success answer, or answers [(status, body)]."""
        if answers is None:
            answers = [(200, {"status": "success", "data": {
                "name": strategy, "strategy_long_name": strategy,
                "last_rebalance_on": "2025-07-18",
                "allocations": [{"symbol": s, "allocation": w} for s, w in allocations]}})]
        with self._lock:
            self.answers[strategy] = list(answers)

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def main(argv=None):
    parser = argparse.ArgumentParser(description="a local allocation API serving strategy files")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--api-key", default=os.environ.get("ALLOCATIONS_API_KEY"),
                        help="the x-api-key to require (default: $ALLOCATIONS_API_KEY; none: any)")
    parser.add_argument("strategy_files", nargs="+", help="JSON answers, served under data.name")
    args = parser.parse_args(argv)
    server = AllocationServer(args.port, args.api_key)
    for path in args.strategy_files:
        with open(path) as f:
            name = server.serve_answer(json.load(f))
        print(f"serving strategy {name} at {server.url}/{name}/allocations", file=sys.stderr)
    print(json.dumps({"port": server.port}), flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
