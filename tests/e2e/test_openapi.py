"""GET /openapi.json serves docs/openapi.json, and that document names every route the management
API registers and nothing else:
- the routes registered in src/monitor_http (ROUTE_REGISTRATION below) equal the documented
  (method, path) pairs;
- on a running processor every documented (method, path) reaches a handler: never 405, and
  never the router's own 404 for an unknown path ("no endpoint at ...").
A new route (or a new parameter) means a new entry in docs/openapi.json; this test says which."""
import glob
import json
import os
import re
import unittest
import urllib.error
import urllib.request

import harness
from e2e_common import start

DOCUMENT = os.path.join(harness.SOURCE_DIR, "docs", "openapi.json")
ROUTE_SOURCES = os.path.join(harness.SOURCE_DIR, "src", "monitor_http", "*.cpp")
# How a route is registered on the Router: router.get("/path", ...), .post, .del ("{}" = one
# path segment), and get_immediate (a GET answered on the I/O thread: /health/live). Update this
# pattern if the registration's spelling changes.
ROUTE_REGISTRATION = re.compile(
    r"\.\s*(get|get_immediate|post|del|put|patch)\(\s*\"(/[^\"]*)\"")
METHODS = {"get": "GET", "get_immediate": "GET", "post": "POST", "del": "DELETE",
           "delete": "DELETE", "put": "PUT", "patch": "PATCH"}
UNKNOWN_PATH_DETAIL = "no endpoint at"  # src/monitor_http/router.cpp
# Answers a probe may get from a handler given a made-up event id and an empty body.
FAKE_ID = "probe-0000"


def registered_routes():
    routes = set()
    for path in glob.glob(ROUTE_SOURCES):
        if path.endswith("_test.cpp"):
            continue
        with open(path) as f:
            for method, pattern in ROUTE_REGISTRATION.findall(f.read()):
                routes.add((METHODS[method], pattern))
    return routes


def documented_routes(document):
    routes = set()
    for path, item in document["paths"].items():
        for method in item:
            if method in METHODS:
                routes.add((METHODS[method], re.sub(r"\{[^}/]+\}", "{}", path)))
    return routes


def request(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Content-Type", ""), error.read().decode()


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(DOCUMENT) as f:
            cls.document = json.load(f)
        cls.stack = start()
        cls.stack.start_processor()

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def test_the_served_document_is_the_repository_file(self):
        status, content_type, body = request(self.stack.api_port, "GET", "/openapi.json")
        self.assertEqual(status, 200)
        self.assertIn("application/json", content_type)
        self.assertEqual(json.loads(body), self.document)
        self.assertTrue(self.document["openapi"].startswith("3."))

    def test_every_registered_route_is_documented_and_nothing_else(self):
        registered = registered_routes()
        # The pattern must still find the registrations, or this check would pass on nothing.
        self.assertGreaterEqual(len(registered), 16, f"ROUTE_REGISTRATION found {registered}")
        documented = documented_routes(self.document)
        self.assertEqual(sorted(registered - documented), [],
                         "routes registered in src/monitor_http but not in docs/openapi.json")
        self.assertEqual(sorted(documented - registered), [],
                         "routes in docs/openapi.json that src/monitor_http does not register")

    def test_every_documented_route_reaches_a_handler(self):
        port = self.stack.api_port
        probes = sorted(documented_routes(self.document))
        for method, pattern in probes:
            path = pattern.replace("{}", FAKE_ID)
            body = {} if method == "POST" and pattern == "/queue/events" else None
            status, _, text = request(port, method, path, body)
            with self.subTest(method=method, path=path):
                self.assertNotEqual(status, 405, text)
                self.assertNotIn(UNKNOWN_PATH_DETAIL, text if status == 404 else "")
                documented = self.document["paths"][
                    next(p for p in self.document["paths"]
                         if re.sub(r"\{[^}/]+\}", "{}", p) == pattern)][method.lower()]
                self.assertIn(str(status), documented["responses"],
                              f"{method} {path} answered {status}, not a documented status")
        request(port, "POST", "/processing/resume")  # the probes paused processing
        # The probe can tell: an undocumented path is the router's 404.
        status, _, text = request(port, "GET", "/queue/nothing-here")
        self.assertEqual(status, 404)
        self.assertIn(UNKNOWN_PATH_DETAIL, text)


if __name__ == "__main__":
    unittest.main()
