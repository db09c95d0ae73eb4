#!/usr/bin/env python3
"""The management API with a large backlog: 100,000 events in rebalance_queue (default), plus
retries parked in rebalance_delayed_set, dead letters and outcome records, seeded by one Lua
script into a private redis-server. Processing is paused (rebalance_paused) before the
processor starts, so nothing moves while it is measured.

Measures, per endpoint (/queue/status, /health, /health/detailed, /metrics, the paged
listings and lookups by id), the latency of --requests sequential requests (p50, p99; a new connection each, as a
probe or a scraper makes), then --clients concurrent clients looping over the four status
endpoints for --seconds: requests/s, the processor's peak RSS (VmHWM, and VmRSS sampled every
50 ms) and the latency of a Redis PING sent every 10 ms meanwhile (p50, p99).
Writes bench/results/<--output>.json (default large_queue.json).

Then a probe polls /health twice a second for --poll-seconds: the CPU the processor and
redis-server spend keeping the retry summary fresh.

Usage: bench/large_queue.py [--events 100000] [--requests 50] [--clients 16] [--seconds 10]
                            [--poll-seconds 20] [--output large_queue]
"""
import argparse
import http.client
import json
import os
import statistics
import tempfile
import threading
import time

import bench_common as bc
from bench_common import harness

STATUS_ENDPOINTS = ["/queue/status", "/health", "/health/detailed", "/metrics"]
LISTING_ENDPOINTS = ["/queue/events?limit=100", "/queue/events?type=delayed&limit=100",
                     "/queue/events?type=dead&limit=100", "/events/history?limit=100"]
# Pages deep in the backlog: only meaningful once listings take an offset (they are answered
# as the first page by a build that ignores the parameter).
PAGED_ENDPOINTS = ["/queue/events?limit=100&offset=50000",
                   "/queue/events?type=dead&limit=100&offset=500"]
# Lookups by id: the oldest queued event (the last a search from the list's start reaches), a
# parked retry, a dead letter.
LOOKUP_ENDPOINTS = ["/queue/events/queued-1", "/queue/events/delayed-500",
                    "/queue/events/dead-1"]

# Seeds everything in one step inside Redis (a few hundred ms for 100,000 events).
# ARGV: events in the queue, retries parked, dead letters, history records, created_at,
#       parked-at score (in the future: never due while measured)
SEED_SCRIPT = r"""
local queued, delayed, dead, history = tonumber(ARGV[1]), tonumber(ARGV[2]),
    tonumber(ARGV[3]), tonumber(ARGV[4])
local function event(prefix, i, times)
  local account = string.format('DU%07d', i % 1000000)
  return string.format(
    '{"event_id":"%s-%d","account_id":"%s","data":{"exec":"print-positions",' ..
    '"eventId":"%s-%d","account_config":{"account_id":"%s","notification_channel":' ..
    '"bench-strategy","cash_reserve_percentage":1.0}},"times_queued":%d,' ..
    '"created_at":"%s","status":"pending"}', prefix, i, account, prefix, i, account, times,
    ARGV[5])
end
for i = 1, queued do
  local times = 1
  if i % 100 == 0 then times = 2 + (i / 100) % 3 end
  redis.call('LPUSH', 'rebalance_queue', event('queued', i, times))
  redis.call('SADD', 'active_events_set', string.format('DU%07d:print-positions', i))
end
for i = 1, delayed do
  redis.call('ZADD', 'rebalance_delayed_set', ARGV[6] + i, event('delayed', i, 2 + i % 4))
end
for i = 1, dead do
  redis.call('LPUSH', 'rebalance_dead_letter', cjson.encode({event = event('dead', i, 1),
    reason = 'bench: unknown command', failed_at = ARGV[5], event_id = 'dead-' .. i,
    account_id = 'DU0000001'}))
end
for i = 1, history do
  redis.call('LPUSH', 'rebalance_history', cjson.encode({event_id = 'done-' .. i,
    account_id = 'DU0000001', command = 'print-positions', status = 'done', error = '',
    result = 'bench', orders = {}, phases = {total = 12}, finished_at = ARGV[5]}))
end
return redis.call('LLEN', 'rebalance_queue')
"""


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def get(port, path):
    """One GET on a new connection; returns (status, body bytes, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        answer = connection.getresponse()
        body = answer.read()
        return answer.status, body, time.perf_counter() - started
    finally:
        connection.close()


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def seed(stack, events, delayed, dead, history):
    created_at = "2025-07-20T13:31:48.123456+00:00"
    parked_at = time.time() + 10 ** 6
    started = time.monotonic()
    length = stack.redis.client("EVAL", SEED_SCRIPT, 0, events, delayed, dead, history,
                                created_at, parked_at)
    if length != events:
        raise AssertionError(f"seeded {length} events, wanted {events}")
    return time.monotonic() - started


def sequential(port, paths, requests):
    figures = {}
    for path in paths:
        timings, status, size = [], None, 0
        for _ in range(requests):
            status, body, seconds = get(port, path)
            if status != 200:
                raise AssertionError(f"GET {path}: {status} {body[:200]!r}")
            timings.append(seconds * 1000)
            size = len(body)
        figures[path] = {"p50_ms": round(statistics.median(timings), 2),
                         "p99_ms": round(percentile(timings, 0.99), 2),
                         "max_ms": round(max(timings), 2), "requests": requests,
                         "answer_bytes": size}
    return figures


def concurrent(stack, clients, seconds):
    """`clients` threads loop over the status endpoints; meanwhile the processor's RSS and a
    Redis PING are sampled."""
    pid = stack.processor.proc.pid
    port = stack.api_port
    deadline = time.monotonic() + seconds
    done, failures, rss_samples, pings = [0] * clients, [], [], []
    stop = threading.Event()

    def client(index):
        i = index
        while time.monotonic() < deadline:
            path = STATUS_ENDPOINTS[i % len(STATUS_ENDPOINTS)]
            i += 1
            try:
                status, body, _ = get(port, path)
                if status != 200:
                    failures.append(f"{path}: {status}")
            except OSError as error:
                failures.append(f"{path}: {error}")
            done[index] += 1

    def sample_rss():
        while not stop.wait(0.05):
            rss_samples.append(status_kb(pid, "VmRSS"))

    def ping():
        redis = harness.RespClient(stack.redis.port)
        while not stop.wait(0.01):
            started = time.perf_counter()
            redis("PING")
            pings.append((time.perf_counter() - started) * 1000)

    helpers = [threading.Thread(target=sample_rss), threading.Thread(target=ping)]
    workers = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in helpers + workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    stop.set()
    for thread in helpers:
        thread.join()
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": sum(done),
            "requests_per_s": round(sum(done) / elapsed, 1), "failures": len(failures),
            "failure_examples": failures[:5],
            "rss_max_sampled_mb": round(max(rss_samples or [0]) / 1024, 1),
            "rss_peak_mb": round(status_kb(pid, "VmHWM") / 1024, 1),
            "rss_end_mb": round(status_kb(pid, "VmRSS") / 1024, 1),
            "redis_ping_p50_ms": round(statistics.median(pings), 2) if pings else None,
            "redis_ping_p99_ms": round(percentile(pings, 0.99), 2) if pings else None,
            "redis_pings": len(pings)}


def cpu_seconds(pid):
    """utime + stime of a process (/proc/<pid>/stat), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def polled(stack, seconds):
    """A probe polling /health twice a second: what keeping the retry summary fresh costs the
    processor and redis-server in CPU (the summary is counted again at most every 5 s)."""
    pids = {"processor": stack.processor.proc.pid, "redis": stack.redis.process.proc.pid}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        get(stack.api_port, "/health")
        time.sleep(0.5)  # the probe's interval
    elapsed = time.monotonic() - started
    return {"seconds": round(elapsed, 1),
            **{f"{name}_cpu_percent": round(100 * (cpu_seconds(pid) - before[name]) / elapsed, 1)
               for name, pid in pids.items()}}


def measure(events=100000, requests=50, clients=16, seconds=10.0, delayed=1000, dead=1000,
            history=1000, paged=True, on_ready=None, poll_seconds=0):
    """One whole run; returns the result dict (used by tests/e2e/test_large_queue.py too, whose
    on_ready(stack) looks at answers while the stack runs)."""
    scenario_dir = tempfile.TemporaryDirectory(prefix="ep-bench-large-")
    stack = harness.Stack(harness.write_basic_books(
        os.path.join(scenario_dir.name, "book.yaml"), ["DU0000001"]), env_overrides=bc.QUIET_ENV)
    try:
        stack.redis.client("SET", "rebalance_paused", "1")  # nothing is taken while measured
        seed_s = seed(stack, events, delayed, dead, history)
        stack.start_processor()
        pid = stack.processor.proc.pid
        rss_ready = status_kb(pid, "VmRSS")
        # The first answer waits for the first retry summary of the backlog (counted once).
        _, body, first_seconds = get(stack.api_port, "/queue/status")
        status = json.loads(body)
        if on_ready:
            on_ready(stack)
        paths = (STATUS_ENDPOINTS + LISTING_ENDPOINTS + (PAGED_ENDPOINTS if paged else [])
                 + LOOKUP_ENDPOINTS)
        latencies = sequential(stack.api_port, paths, requests)
        rss_after_sequential = status_kb(pid, "VmHWM")
        load = concurrent(stack, clients, seconds)
        background = polled(stack, poll_seconds) if poll_seconds else None
        # The processor must still answer, and must not have taken anything.
        after = json.loads(get(stack.api_port, "/queue/status")[1])
        return {"events": events, "delayed": delayed, "dead_letters": dead,
                "history": history, "seed_seconds": round(seed_s, 2),
                "binary_dir": harness.BINARY_DIR,
                "first_queue_status_ms": round(first_seconds * 1000, 1),
                "queue_status": status, "queue_status_after": after,
                "rss_ready_mb": round(rss_ready / 1024, 1),
                "rss_peak_after_sequential_mb": round(rss_after_sequential / 1024, 1),
                "latency": latencies, "concurrent": load, "polled_health": background,
                "targets": {"p50_ms": 5, "rss_mb": 20}}
    finally:
        stack.close()
        scenario_dir.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--poll-seconds", type=float, default=20,
                        help="then /health twice a second for this long: CPU of the summary")
    parser.add_argument("--output", default="large_queue")
    parser.add_argument("--note", default="", help="stored with the result (e.g. the commit)")
    args = parser.parse_args()
    bc.check_binaries()
    result = measure(args.events, args.requests, args.clients, args.seconds,
                     poll_seconds=args.poll_seconds)
    result["note"] = args.note
    rows = [[path, f["p50_ms"], f["p99_ms"], f["max_ms"], f["answer_bytes"]]
            for path, f in result["latency"].items()]
    print(f"\nManagement API with {args.events} queued events ({harness.BINARY_DIR})\n")
    print(bc.table(["endpoint", "p50 ms", "p99 ms", "max ms", "answer bytes"], rows))
    load = result["concurrent"]
    print(f"\nfirst /queue/status (waits for the first retry summary): "
          f"{result['first_queue_status_ms']} ms")
    print(f"\n{load['clients']} clients for {load['seconds']} s over "
          f"{', '.join(STATUS_ENDPOINTS)}: {load['requests_per_s']} requests/s, "
          f"{load['failures']} failures; processor RSS peak {load['rss_peak_mb']} MB "
          f"(ready: {result['rss_ready_mb']} MB); Redis PING p50 {load['redis_ping_p50_ms']} ms, "
          f"p99 {load['redis_ping_p99_ms']} ms")
    if result["polled_health"]:
        polled_figures = result["polled_health"]
        print(f"\n/health polled twice a second for {polled_figures['seconds']} s: processor "
              f"{polled_figures['processor_cpu_percent']} % CPU, redis-server "
              f"{polled_figures['redis_cpu_percent']} % CPU")
    bc.write_result(args.output, result)


if __name__ == "__main__":
    main()
