"""The faults of the fault chaos suite (chaos_faults.py), each injected through ibsim's control
endpoint (POST /faults) or by restarting redis-server, and each telling whether it took effect.

An injector returns a dict {"effective": bool, ...details}. While it waits for the fault to
play out it keeps the event driver going (Context.wait_for), so events stay in flight.
"""
import json
import time
import urllib.request

import harness
from raw_tws import RawTwsClient

GATEWAY_KINDS = ("drop_mid_sell", "drop_after_order", "drop_after_messages",
                 "refuse_connections", "connectivity_lost_restored", "pacing_violation",
                 "client_id_in_use")
REDIS_KINDS = ("redis_restart",)
KILL_KINDS = ("processor_kill",)
DEFAULT_PACING = {"pacing_max_per_second": 50, "pacing_disconnect_after_seconds": 3}


class Context:
    """What the injectors need: the stack, the seeded random source, the options, and a way to
    keep the driver queuing while they wait."""

    def __init__(self, stack, rng, options, keep_driving):
        self.stack = stack
        self.rng = rng
        self.options = options
        self.keep_driving = keep_driving

    def wait_for(self, predicate, timeout_s, interval_s=0.05):
        """Polls predicate (driving events between polls) until it is truthy or the timeout
        passes; returns its last value."""
        deadline = time.monotonic() + timeout_s
        value = None
        while time.monotonic() < deadline:
            try:
                value = predicate()
            except (OSError, ConnectionError, RuntimeError):
                value = None
            if value:
                return value
            self.keep_driving()
            time.sleep(interval_s)
        return value

    def faults(self):
        return self.stack.ibsim.state()["faults"]

    def gateway(self):
        """The processor's view of its gateway connection (/health/detailed)."""
        return self.stack.api("/health/detailed")[1]["gateway"]

    def all_reconnects(self):
        """Gateway reconnects of every live processor (with several, the connection a fault
        meets may be any one's)."""
        total = self.gateway()["reconnects"]
        for process in self.stack.extras:
            if process.alive():
                url = f"http://127.0.0.1:{process.api_port}/health/detailed"
                with urllib.request.urlopen(url, timeout=5) as answer:
                    total += json.loads(answer.read().decode())["gateway"]["reconnects"]
        return total

    def wait_connected(self, timeout_s=60):
        """A gateway fault waits until the processor is connected (the previous fault may
        still keep it away), so that the fault meets a live session."""
        return self.wait_for(lambda: self.gateway()["state"] == "connected", timeout_s)

    def clients(self):
        return self.stack.ibsim.state()["clients"]


def drop_mid_sell(ctx):
    # Armed now; ibsim closes the owning connection right after the next sell fill (and then
    # clears the step).
    ctx.stack.ibsim.post("/faults", {"close_at_step": "after_first_sell_fill"})
    fired = ctx.wait_for(lambda: ctx.faults()["close_at_step"] is None, 30)
    return {"effective": bool(fired), "step": "after_first_sell_fill"}


def drop_after_order(ctx):
    # The connection closes right after an order's acknowledgement: its fill happens while the
    # processor is away (fills go on at IB too) and must be recognised after the reconnect.
    ctx.stack.ibsim.post("/faults", {"close_at_step": "after_first_order"})
    fired = ctx.wait_for(lambda: ctx.faults()["close_at_step"] is None, 30)
    return {"effective": bool(fired), "step": "after_first_order"}


def drop_after_messages(ctx):
    # Drop every connection now; the reconnect is closed after N messages from the gateway.
    n = ctx.rng.randint(8, 40)
    before = ctx.all_reconnects()
    ctx.stack.ibsim.post("/faults", {"close_after_messages": n, "refuse_connections_ms": 0})
    consumed = ctx.wait_for(lambda: ctx.faults()["close_after_messages"] is None, 30)
    # Every processor reconnects after the drop; one of them is dropped again after n messages.
    processors = 1 + sum(1 for p in ctx.stack.extras if p.alive())
    reconnected = ctx.wait_for(lambda: ctx.all_reconnects() >= before + processors + 1, 30)
    return {"effective": bool(consumed) and bool(reconnected), "messages": n,
            "reconnects": ctx.all_reconnects() - before}


def refuse_connections(ctx):
    refuse_ms = ctx.options.refuse_ms
    before = ctx.gateway()["reconnects"]
    ctx.stack.ibsim.post("/faults", {"refuse_connections_ms": refuse_ms})
    down = ctx.wait_for(lambda: ctx.gateway()["state"] != "connected", 5, 0.02)
    back = ctx.wait_for(lambda: ctx.gateway()["reconnects"] > before
                        and ctx.gateway()["state"] == "connected", refuse_ms / 1000 + 60)
    return {"effective": bool(down) and bool(back), "refused_ms": refuse_ms}


def connectivity_lost_restored(ctx):
    lost_ms = ctx.options.connectivity_lost_ms
    ctx.stack.ibsim.post("/faults", {"connectivity_lost_ms": lost_ms,
                                     "connectivity_restore_code": 1102})
    lost = ctx.wait_for(lambda: "1100" in (ctx.gateway()["last_error"] or ""), 5, 0.02)
    restored = ctx.wait_for(lambda: ctx.gateway()["state"] == "connected", lost_ms / 1000 + 10)
    return {"effective": bool(lost) and bool(restored), "lost_ms": lost_ms, "restore_code": 1102}


def pacing_violation(ctx):
    # ibsim enforces a lower limit for a while: error 100 on the first violating second, and
    # the connection closed with it. Restored once the processor was dropped.
    state = ctx.stack.ibsim.state()
    errors_before = state["pacing_errors_sent"]
    reconnects_before = ctx.gateway()["reconnects"]
    limit = ctx.options.pacing_limit
    ctx.stack.ibsim.post("/faults", {"pacing_max_per_second": limit,
                                     "pacing_disconnect_after_seconds": 1})
    try:
        dropped = ctx.wait_for(lambda: ctx.gateway()["reconnects"] > reconnects_before
                               and ctx.stack.ibsim.state()["pacing_errors_sent"] > errors_before,
                               45)
    finally:
        ctx.stack.ibsim.post("/faults", DEFAULT_PACING)
    errors = ctx.stack.ibsim.state()["pacing_errors_sent"] - errors_before
    return {"effective": bool(dropped) and errors > 0, "limit_per_s": limit,
            "error_100_sent": errors}


def client_id_in_use(ctx):
    # A raw TWS connection takes the processor's client id while the gateway drops it; on its
    # reconnect the processor gets error 326 and retries the same id (only the placing client id
    # can cancel an order, so it never switches) until the raw connection goes away.
    held_id = ctx.gateway()["client_id"]
    raw = RawTwsClient(ctx.stack.ibsim.port, held_id)
    outcome = "failed"
    try:
        for _ in range(5):
            ctx.stack.ibsim.post("/faults", {"refuse_connections_ms": 1000})
            deadline = time.monotonic() + 10
            outcome = "failed"
            while outcome == "failed" and time.monotonic() < deadline:
                outcome = raw.try_connect()
                if outcome == "failed":
                    time.sleep(0.02)
            if outcome == "ok":
                break  # the processor reconnects later: its id is ours now
        if outcome != "ok":
            return {"effective": False, "held_client_id": held_id, "raw_outcome": outcome}

        def refused():
            raw.drain()
            return "in use" in (ctx.gateway().get("last_error") or "")

        saw_326 = bool(ctx.wait_for(refused, 30))
    finally:
        raw.close()

    def back_with_the_same_id():
        gateway = ctx.gateway()
        return (gateway["state"] == "connected" and gateway["client_id"] == held_id
                and held_id in ctx.clients())

    back = bool(ctx.wait_for(back_with_the_same_id, 60))
    return {"effective": saw_326 and back, "held_client_id": held_id, "saw_326": saw_326,
            "reconnected_with_the_same_id": back}


def redis_restart(ctx):
    # SIGKILL (no shutdown save: only the AOF, appendfsync always, survives), a short outage,
    # then redis-server again on the same port and data directory.
    redis = ctx.stack.redis
    length_before = redis.client("LLEN", "rebalance_history")
    redis.process.kill()
    down_s = round(ctx.rng.uniform(0.5, 3.0), 2)
    time.sleep(down_s)  # the outage itself: nothing to wait for
    redis.start()
    length_after = redis.client("LLEN", "rebalance_history")
    healthy = ctx.wait_for(lambda: ctx.stack.api("/health/ready")[0] == 200, 60)
    return {"effective": length_after >= length_before and bool(healthy), "down_s": down_s,
            "history_before": length_before, "history_after_restart": length_after}


def processor_kill(ctx):
    # SIGKILL and a restart, as in chaos.py: the killed worker's event is re-queued once its
    # liveness key expires (15 s).
    ctx.stack.processor.kill()
    ctx.stack.start_processor()
    return {"effective": True}


INJECTORS = {"drop_mid_sell": drop_mid_sell, "drop_after_order": drop_after_order,
             "drop_after_messages": drop_after_messages,
             "refuse_connections": refuse_connections,
             "connectivity_lost_restored": connectivity_lost_restored,
             "pacing_violation": pacing_violation, "client_id_in_use": client_id_in_use,
             "redis_restart": redis_restart, "processor_kill": processor_kill}


def kinds_for(groups):
    """The fault kinds of a comma-separated group list (gateway, redis, kill) or kind names."""
    kinds = []
    for name in groups.split(","):
        name = name.strip()
        if name == "gateway":
            kinds += GATEWAY_KINDS
        elif name == "redis":
            kinds += REDIS_KINDS
        elif name == "kill":
            kinds += KILL_KINDS
        elif name in INJECTORS:
            kinds.append(name)
        elif name:
            raise ValueError(f"unknown fault group or kind '{name}'")
    return kinds


def wait_processor_ready(stack, timeout_s=60):
    harness.wait_until(lambda: stack.api("/health/ready")[0] == 200, timeout_s,
                       "the processor to be ready")
