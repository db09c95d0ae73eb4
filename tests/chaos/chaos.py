#!/usr/bin/env python3
"""Chaos: N rebalance events over M accounts while P processors share one Redis and one gateway
and one of them, picked at random, is SIGKILLed K times at random moments (seeded; the seed is
printed) and restarted each time with the same default settings. Real redis-server, ibsim
and the allocation stub (tests/e2e/harness.py).

The event driver and the checks (exactly once, no leg traded twice, on target, clean queue, no
dead letter) are those of chaos_common.py.
A killed event waits in the dead worker's processing list until its liveness key expires
(15 s), then orphan recovery re-queues it.

Usage: chaos.py [--events 200] [--accounts 50] [--kills 30] [--processors 3] [--seed S]
                [--timeout-s T] [--write-result]   (bench/results/chaos.json)
Exit status 0 only when every check passes.
"""
import argparse
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import chaos_common as common  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--processors", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--min-gap-s", type=float, default=0.3,
                        help="shortest time between a restart and the next kill")
    parser.add_argument("--max-gap-s", type=float, default=3.0)
    parser.add_argument("--timeout-s", type=float, default=None,
                        help="give up after this long (default 120 + 4 s per event)")
    parser.add_argument("--write-result", action="store_true",
                        help="write bench/results/chaos.json")
    args = parser.parse_args()
    if args.events < 1 or args.accounts < 1 or args.accounts > args.events:
        sys.exit("need 1 <= accounts <= events")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    print(f"chaos: {args.events} events over {args.accounts} accounts, {args.processors} "
          f"processors, {args.kills} kills, seed {seed}", flush=True)
    rng = random.Random(seed)
    timeout_s = args.timeout_s or 120 + 4 * args.events
    started = time.monotonic()
    kills = 0
    with tempfile.TemporaryDirectory(prefix="ep-chaos-") as workdir:
        stack = common.start_stack(workdir, args.accounts)
        try:
            processors = common.Processors(stack, args.processors)
            driver = common.Driver(stack, args.events, args.accounts)
            next_kill = time.monotonic() + rng.uniform(args.min_gap_s, args.max_gap_s)

            def maybe_kill():
                nonlocal kills, next_kill
                if kills < args.kills and time.monotonic() >= next_kill:
                    victim = rng.randrange(args.processors)
                    kills += 1
                    print(f"chaos: kill {kills} (processor {victim + 1}) at "
                          f"{time.monotonic() - started:.1f}s, {len(driver.done)} events done",
                          flush=True)
                    processors.restart(victim)
                    next_kill = time.monotonic() + rng.uniform(args.min_gap_s, args.max_gap_s)

            common.drive(stack, driver, started, timeout_s, maybe_kill)
            report = common.verify(stack, driver)
            alive = processors.alive()
        finally:
            stack.close()
    result, failures = common.summarize(report, alive, {
        "events": args.events, "accounts": args.accounts, "processors": args.processors,
        "kills": kills, "seed": seed,
        "elapsed_s": round(time.monotonic() - started, 1)})
    common.finish(result, failures, report, "chaos" if args.write_result else None)


if __name__ == "__main__":
    main()
