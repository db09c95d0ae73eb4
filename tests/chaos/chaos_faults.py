#!/usr/bin/env python3
"""Fault chaos: N rebalance events over M accounts while the gateway (ibsim's control endpoint)
and Redis misbehave at seeded random moments (the seed is printed; --seed replays the
schedule). Real redis-server (AOF, appendfsync always), ibsim and the allocation stub
(tests/e2e/harness.py); the processor runs with a fixed IB_CLIENT_ID.

Fault kinds (fault_kinds.py), each `--rounds` times in a shuffled order:
  gateway: drop_mid_sell (close_at_step after_first_sell_fill), drop_after_order (closed
           after an order's ack: it fills while the processor is away), drop_after_messages (every
           connection dropped, the reconnect closed after N messages), refuse_connections
           (a gateway restart, 20 s by default), connectivity_lost_restored (1100, then 1102
           with data kept), pacing_violation (a lower limit: error 100, then a disconnect),
           client_id_in_use (a raw TWS connection takes the processor's id while it is
           dropped: error 326 on its reconnect, then the same id again once free);
  redis:   redis_restart (SIGKILL, then redis-server again on the same port and data dir);
  kill:    processor_kill (SIGKILL and a restart, as in chaos.py; not in the default set).
The events are released in batches, one per fault; each fault is injected at a seeded moment
while its batch runs (so the faults spread over the run), and the last batch runs after every
fault.
The event driver and the checks (exactly once, no leg traded twice, on target, clean queue, no
dead letter) are those of chaos_common.py; each fault must also have taken effect, and the
processor must be alive at the end.

Usage: chaos_faults.py [--events 200] [--accounts 50] [--faults gateway,redis] [--rounds 2]
                       [--seed S] [--refuse-ms 20000] [--write-result NAME]
Exit status 0 only when every check passes.
"""
import argparse
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import chaos_common as common  # noqa: E402
import fault_kinds  # noqa: E402

FIXED_CLIENT_ID = 4242  # outside the processor's random range (1000..2999)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--processors", type=int, default=1,
                        help="processors sharing Redis and the gateway (the faults are seen "
                             "through the first one's API)")
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--faults", default="gateway,redis",
                        help="comma-separated groups (gateway, redis, kill) or fault kinds")
    parser.add_argument("--rounds", type=int, default=2, help="times each fault kind is injected")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--refuse-ms", type=int, default=20000,
                        help="how long the gateway refuses connections (a restart)")
    parser.add_argument("--connectivity-lost-ms", type=int, default=3000)
    parser.add_argument("--fill-delay-ms", type=int, default=400,
                        help="ibsim's delay from acceptance to fill (events last long enough "
                             "for a fault to meet them)")
    parser.add_argument("--pacing-limit", type=int, default=5,
                        help="messages per second ibsim allows during the pacing fault")
    parser.add_argument("--min-delay-s", type=float, default=0.1,
                        help="shortest time from a fault being due to its injection")
    parser.add_argument("--max-delay-s", type=float, default=1.5,
                        help="longest time from a fault being due to its injection")
    parser.add_argument("--timeout-s", type=float, default=None,
                        help="give up after this long (default 180 + 4 s per event + fault time)")
    parser.add_argument("--keep-logs", default=None, metavar="DIR",
                        help="copy the logs of redis, ibsim and the processor runs to DIR")
    parser.add_argument("--write-result", default=None, metavar="NAME",
                        help="write bench/results/NAME.json")
    args = parser.parse_args()
    if args.events < 1 or args.accounts < 1 or args.accounts > args.events:
        sys.exit("need 1 <= accounts <= events")
    return args


def make_schedule(rng, kinds, rounds, min_delay_s, max_delay_s):
    """[(kind, delay s after it is due)], in a shuffled order."""
    plan = [kind for _ in range(rounds) for kind in kinds]
    rng.shuffle(plan)
    return [(kind, round(rng.uniform(min_delay_s, max_delay_s), 2)) for kind in plan]


def batch_sizes(events, faults):
    """The events in faults + 1 batches as even as possible (each at least 1)."""
    base, extra = divmod(events, faults + 1)
    return [base + (1 if i < extra else 0) for i in range(faults + 1)]


class FaultRun:
    """Releases the events in batches, one per fault: fault i is injected at a seeded moment
    while batch i runs (if nothing is in flight, one more event is let through so that the
    fault meets a busy processor); the last batch runs after every fault."""

    def __init__(self, stack, driver, ctx_options, rng, schedule, started):
        self.stack, self.driver, self.started = stack, driver, started
        self.schedule = list(schedule)
        self.total = sum(driver.per_account.values())
        self.batches = batch_sizes(self.total, len(schedule))
        self.limit = 0  # events that may be queued so far
        self.log = []
        self.arm_next()
        self.ctx = fault_kinds.Context(stack, rng, ctx_options, self.keep_driving)

    def max_queued(self, waiting_fault=False):
        if not self.schedule:
            return None
        # Nothing in flight: a fault needs a busy processor, so one more event goes, as long
        # as each fault still to come, and the run after the last one, keep one (a fault that
        # waits for traffic to take effect may take those too).
        reserve = 0 if waiting_fault else len(self.schedule)
        if (self.driver.in_flight() == 0 and len(self.driver.strategy_of) >= self.limit
                and self.limit < self.total - reserve):
            self.limit += 1
        return self.limit

    def arm_next(self):
        """Releases the next batch; its fault is due once at most one event per account of the
        released ones is left (so it meets events in flight, spread over the run), plus its
        seeded delay."""
        target = sum(self.batches[:len(self.log) + 1])
        later = max(len(self.schedule) - 1, 0)  # faults after this one, one event each
        self.limit = max(target, min(self.limit + 1, self.total - later))
        self.due_done = max(0, self.limit - len(self.driver.per_account))
        self.due_since = None

    def keep_driving(self):
        self.driver.step(self.stack.history(), self.max_queued(waiting_fault=True))

    def on_tick(self):
        if not self.schedule:
            return
        kind, delay_s = self.schedule[0]
        if len(self.driver.done) < self.due_done:
            return
        if self.due_since is None:
            self.due_since = time.monotonic()
        if time.monotonic() - self.due_since < delay_s:
            return
        if kind in fault_kinds.GATEWAY_KINDS:
            self.ctx.wait_connected()
        at_s = time.monotonic() - self.started
        done_before, in_flight = len(self.driver.done), self.driver.in_flight()
        print(f"chaos: fault {len(self.log) + 1} {kind} at {at_s:.1f}s, {done_before} done, "
              f"{in_flight} in flight", flush=True)
        try:
            detail = fault_kinds.INJECTORS[kind](self.ctx)
        except Exception as error:  # a fault that could not be injected fails the run
            detail = {"effective": False, "error": f"{type(error).__name__}: {error}"}
        entry = {"kind": kind, "at_s": round(at_s, 1), "done_before": done_before,
                 "in_flight": in_flight,
                 "took_s": round(time.monotonic() - self.started - at_s, 1)}
        entry.update(detail)
        self.log.append(entry)
        print(f"chaos:   {entry}", flush=True)
        self.schedule.pop(0)
        self.arm_next()


def main():
    args = parse_args()
    kinds = fault_kinds.kinds_for(args.faults)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    rng = random.Random(seed)
    schedule = make_schedule(rng, kinds, args.rounds, args.min_delay_s, args.max_delay_s)
    if args.events < len(schedule) + 1:
        sys.exit(f"need at least {len(schedule) + 1} events for {len(schedule)} faults")
    print(f"chaos-faults: {args.events} events over {args.accounts} accounts, "
          f"{len(schedule)} faults ({', '.join(kinds)} x{args.rounds}), seed {seed}", flush=True)
    fault_time_s = args.rounds * (args.refuse_ms / 1000 + 60 * len(kinds))
    timeout_s = args.timeout_s or 180 + 4 * args.events + fault_time_s
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ep-chaos-faults-") as workdir:
        stack = common.start_stack(workdir, args.accounts, appendonly=True,
                                   env_overrides={"IB_CLIENT_ID": str(FIXED_CLIENT_ID)},
                                   fill_delay_ms=args.fill_delay_ms)
        try:
            processors = common.Processors(
                stack, args.processors,
                lambda i: {"IB_CLIENT_ID": str(FIXED_CLIENT_ID + i)})
            fault_kinds.wait_processor_ready(stack)
            driver = common.Driver(stack, args.events, args.accounts)
            run = FaultRun(stack, driver, args, rng, schedule, started)
            common.drive(stack, driver, started, timeout_s, run.on_tick, run.max_queued)
            report = common.verify(stack, driver)
            alive = processors.alive()
            gateway = stack.api("/health/detailed")[1]["gateway"]
        finally:
            if args.keep_logs:
                shutil.copytree(stack.dir, args.keep_logs, dirs_exist_ok=True)
            stack.close()
    counts = {}
    for entry in run.log:
        counts[entry["kind"]] = counts.get(entry["kind"], 0) + 1
    not_effective = [f"{e['kind']}@{e['at_s']}s" for e in run.log if not e.get("effective")]
    result, failures = common.summarize(report, alive, {
        "events": args.events, "accounts": args.accounts, "processors": args.processors,
        "kills": counts.get("processor_kill", 0), "faults": len(run.log),
        "fault_counts": counts, "faults_not_injected": len(run.schedule),
        "faults_without_effect": not_effective, "gateway_reconnects": gateway["reconnects"],
        "seed": seed, "elapsed_s": round(time.monotonic() - started, 1)})
    result["fault_log"] = run.log
    if run.schedule:
        failures.append("faults_not_injected")
    if not_effective:
        failures.append("faults_without_effect")
    common.finish(result, failures, report, args.write_result)


if __name__ == "__main__":
    main()
