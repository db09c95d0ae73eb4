#!/usr/bin/env python3
"""Redis outage chaos: P processors share one Redis (AOF, appendfsync always) and one gateway
while rebalance events run, and Redis goes away longer than the workers' liveness TTL, so every
liveness key and lease expires while the workers are still alive (docs/queue.md "Fenced
claims"). Outage kinds, each once, in the order given, each met by events in flight:
  stop:   redis-server SIGKILLed, started again on the same port and data directory after
          --down-s (the AOF brings the queue back; the TTL keys are gone by then);
  freeze: redis-server SIGSTOPped for --down-s, then SIGCONT (clients time out and resend;
          everything they sent runs when it resumes, on Redis's clock jumped past every TTL);
  oom:    maxmemory set below the used memory for --down-s (every write refused with OOM,
          the heartbeats too), then lifted.
Checks, on top of chaos_common's (exactly one `done` per event, no leg traded twice, on target,
clean queue, no dead letter):
  * no event run twice: ibsim's order log holds no leg (event, side, symbol) placed twice, and
    no live worker's event was recovered by another (no "recovered orphaned events" line: no
    processor dies in this run);
  * no outcome recorded twice: no two history records of one event with the same status and
    time;
  * after each outage every processor's /health/ready answers 200, and every processor is out
    of its Redis backoff, within --resume-limit-s (2 s) of Redis answering again, and
    /health/ready does not fall back to 503 afterwards.
The liveness TTL is processing.worker_liveness_ttl (--liveness-ttl-s), so the short version
can use short outages that still outlast it.

Usage: chaos_outage.py [--outages stop,freeze,oom] [--down-s 60] [--liveness-ttl-s 15]
                       [--events 60] [--accounts 12] [--processors 3] [--write-result NAME]
Exit status 0 only when every check passes.
"""
import argparse
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import chaos_common as common  # noqa: E402
import harness  # noqa: E402

FIXED_CLIENT_ID = 4342  # one per processor from here; outside the processor's assigned range


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outages", default="stop,freeze,oom")
    parser.add_argument("--down-s", default="60",
                        help="outage length in seconds, one value or one per outage (60,70,30)")
    parser.add_argument("--liveness-ttl-s", type=int, default=15)
    parser.add_argument("--events", type=int, default=60)
    parser.add_argument("--accounts", type=int, default=12)
    parser.add_argument("--processors", type=int, default=3)
    parser.add_argument("--fill-delay-ms", type=int, default=400,
                        help="ibsim's delay from acceptance to fill (events last long enough "
                             "for an outage to meet them)")
    parser.add_argument("--resume-limit-s", type=float, default=2.0)
    parser.add_argument("--timeout-s", type=float, default=None)
    parser.add_argument("--keep-logs", default=None, metavar="DIR")
    parser.add_argument("--write-result", default=None, metavar="NAME",
                        help="write bench/results/NAME.json")
    args = parser.parse_args()
    args.outages = [o.strip() for o in args.outages.split(",") if o.strip()]
    for outage in args.outages:
        if outage not in ("stop", "freeze", "oom"):
            sys.exit(f"unknown outage '{outage}'")
    downs = [float(d) for d in args.down_s.split(",")]
    if len(downs) == 1:
        downs *= len(args.outages)
    if len(downs) != len(args.outages):
        sys.exit("--down-s: one value or one per outage")
    args.downs = downs
    if args.events < args.accounts or args.accounts < args.processors:
        sys.exit("need events >= accounts >= processors")
    return args


def api_ports(stack):
    return [stack.api_port] + [p.api_port for p in stack.extras]


def get_json(port, path, timeout=3):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as answer:
            return answer.status, json.loads(answer.read().decode() or "null")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read().decode() or "null")
    except (OSError, ValueError):
        return None, None


def busy_workers(redis):
    """worker id -> the event ids in its processing list (non-empty lists only)."""
    out = {}
    for key in redis("KEYS", "rebalance_processing:*") or []:
        items = redis("LRANGE", key, 0, -1) or []
        if items:
            out[key.split(":", 1)[1]] = [json.loads(i).get("event_id") for i in items]
    return out


class Outage:
    """One outage: waits until events are in flight at every processor (or at least two),
    takes Redis away, brings it back, and measures how soon the processors are back."""

    def __init__(self, stack, driver, kind, down_s, processors, limit_s):
        self.stack, self.driver, self.kind, self.down_s = stack, driver, kind, down_s
        self.processors, self.limit_s = processors, limit_s

    def wait_busy(self, timeout_s=60):
        want = min(self.processors, 2)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.driver.step(self.stack.history())
            busy = busy_workers(self.stack.redis.client)
            if len(busy) >= want:
                return busy
            time.sleep(0.05)
        return busy_workers(self.stack.redis.client)

    def run(self):
        busy = self.wait_busy()
        redis = self.stack.redis
        history_before = redis.client("LLEN", "rebalance_history")
        print(f"chaos-outage: {self.kind} for {self.down_s:.0f}s with {sum(map(len, busy.values()))}"
              f" events in flight at {len(busy)} workers", flush=True)
        if self.kind == "stop":
            redis.process.kill()
            time.sleep(self.down_s)  # the outage itself: nothing to wait for
            redis.start()
        elif self.kind == "freeze":
            pid = redis.process.proc.pid
            os.kill(pid, signal.SIGSTOP)
            try:
                time.sleep(self.down_s)  # the outage itself
            finally:
                os.kill(pid, signal.SIGCONT)
        else:  # oom: every write refused, reads still answered
            used = int(redis.client("INFO", "memory").split("used_memory:")[1].split()[0])
            redis.client("CONFIG", "SET", "maxmemory", str(max(used // 2, 1)))
            try:
                time.sleep(self.down_s)  # the outage itself
            finally:
                redis.client("CONFIG", "SET", "maxmemory", "0")
        back = time.monotonic()
        result = {"kind": self.kind, "down_s": self.down_s,
                  "in_flight": sum(map(len, busy.values())), "busy_workers": len(busy),
                  "history_before": history_before}
        result.update(self.measure(back))
        result["history_after"] = redis.client("LLEN", "rebalance_history")
        print(f"chaos-outage:   {result}", flush=True)
        return result

    def measure(self, back):
        """Seconds from Redis answering again until each processor is ready and out of its
        backoff, and whether readiness fell back to 503 within 3 s after that."""
        ports = api_ports(self.stack)
        ready_at, resumed_at, flaps = {}, {}, 0
        deadline = back + max(30.0, 4 * self.limit_s)
        while time.monotonic() < deadline:
            now = time.monotonic()
            for port in ports:
                if port not in ready_at or now - ready_at[port] < 3.0:
                    status, _ = get_json(port, "/health/ready")
                    if status == 200 and port not in ready_at:
                        ready_at[port] = time.monotonic()
                    elif status != 200 and port in ready_at:
                        flaps += 1
                if port not in resumed_at:
                    status, detail = get_json(port, "/health/detailed")
                    processor = (detail or {}).get("processor") or {}
                    if status == 200 and processor.get("redis_ok") and \
                            processor.get("state") != "backing_off":
                        resumed_at[port] = time.monotonic()
            settled = all(p in ready_at and time.monotonic() - ready_at[p] >= 3.0 for p in ports)
            if settled and len(resumed_at) == len(ports):
                break
            time.sleep(0.05)
        def slowest(at):  # None when some processor never got there
            if len(at) < len(ports):
                return None
            return round(max(at.values()) - back, 2)
        return {"ready_s": slowest(ready_at), "resume_s": slowest(resumed_at),
                "ready_flaps": flaps}


def log_counts(stack):
    """Orphan recoveries (events) and refused outcomes seen in the processors' logs."""
    recovered = refused = 0
    for line in stack.processor_logs().splitlines():
        if "recovered orphaned events" in line:
            match = re.search(r'"count":\s*(\d+)', line)
            recovered += int(match.group(1)) if match else 1
        if "outcome not recorded: the event was recovered" in line:
            refused += 1
    return recovered, refused


def recorded_twice(history):
    seen, twice = set(), []
    for record in history:
        key = (record.get("event_id"), record.get("status"), record.get("finished_at"))
        if key in seen:
            twice.append(":".join(str(k) for k in key))
        seen.add(key)
    return twice


def orders_by_two_workers(state):
    """Events whose real orders came from more than one client id (informational: after a lease
    lost in an outage, the retry may run on another worker, which is safe)."""
    clients = {}
    for order in state["orders"]:
        if order.get("what_if"):
            continue
        event = common.event_of(order.get("order_ref"))
        clients.setdefault(event, set()).add(order.get("client_id"))
    return sum(1 for ids in clients.values() if len(ids) > 1)


def main():
    args = parse_args()
    total_down = sum(args.downs)
    timeout_s = args.timeout_s or 120 + 3 * args.events + 2 * total_down
    print(f"chaos-outage: {args.events} events over {args.accounts} accounts, "
          f"{args.processors} processors, liveness TTL {args.liveness_ttl_s}s, outages "
          + ", ".join(f"{k} {d:.0f}s" for k, d in zip(args.outages, args.downs)), flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ep-chaos-outage-") as workdir:
        stack = common.start_stack(
            workdir, args.accounts, appendonly=True, fill_delay_ms=args.fill_delay_ms,
            # Written only when not the default, so a build before the setting runs it too.
            config_overrides=({"processing": {"worker_liveness_ttl": args.liveness_ttl_s}}
                              if args.liveness_ttl_s != 15 else None))
        outages = []
        try:
            processors = common.Processors(
                stack, args.processors, lambda i: {"IB_CLIENT_ID": str(FIXED_CLIENT_ID + i)})
            harness.wait_until(lambda: all(get_json(p, "/health/ready")[0] == 200
                                           for p in api_ports(stack)), 60,
                               "every processor to be ready")
            driver = common.Driver(stack, args.events, args.accounts)
            for kind, down_s in zip(args.outages, args.downs):
                outages.append(Outage(stack, driver, kind, down_s, args.processors,
                                      args.resume_limit_s).run())
            finished = common.drive(stack, driver, started, timeout_s)
            report = common.verify(stack, driver)
            history = stack.history()
            state = stack.ibsim.state()
            alive = processors.alive()
            recovered, refused = log_counts(stack)
        finally:
            if args.keep_logs:
                shutil.copytree(stack.dir, args.keep_logs, dirs_exist_ok=True)
            stack.close()
    twice = recorded_twice(history)
    result, failures = common.summarize(report, alive, {
        "events": args.events, "accounts": args.accounts, "processors": args.processors,
        "liveness_ttl_s": args.liveness_ttl_s, "elapsed_s": round(time.monotonic() - started, 1)})
    result.update({"outcomes_recorded_twice": len(twice),
                   "live_workers_events_recovered": recovered,
                   "outcomes_refused_claim_lost": refused,
                   "events_with_orders_from_two_workers": orders_by_two_workers(state),
                   "outages": outages})
    report["details"]["outcomes_recorded_twice"] = twice[:20]
    if not finished:
        failures.append("finished")
    if result["legs_placed_more_than_once"]:
        failures.append("legs_placed_more_than_once")
    if twice:
        failures.append("outcomes_recorded_twice")
    if recovered:
        failures.append("live_workers_events_recovered")
    for outage in outages:
        for key in ("ready_s", "resume_s"):
            if outage[key] is None or outage[key] > args.resume_limit_s:
                failures.append(f"{outage['kind']}.{key}")
        if outage["ready_flaps"]:
            failures.append(f"{outage['kind']}.ready_flaps")
        if outage["busy_workers"] < min(args.processors, 2):
            failures.append(f"{outage['kind']}.no_events_in_flight")
    common.finish(result, failures, report, args.write_result)


if __name__ == "__main__":
    main()
