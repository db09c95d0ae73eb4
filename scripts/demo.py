#!/usr/bin/env python3
"""The demo: a private redis-server, ibsim with the bundled scenario, a local allocation API
serving the bundled strategy, and the event processor with its API, all on free loopback ports.
Enqueues a rebalance event as the event broker does, waits for it and prints what happened;
then a print-rebalance and a deliberately broken event. Stops every process it started.

--limit: the same run with marketable limit orders (ORDER_TYPE=LMT, README "Limit orders"): QQQ's
market moves 0.7 % up as its buy arrives, past its limit, so that leg is cancelled after
LIMIT_REPRICE_SECONDS and placed again from the fresh quote; the order table shows each limit,
the quote it was planned on and the slippage."""
import argparse
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import harness  # noqa: E402

ROOT = harness.SOURCE_DIR
SCENARIO = os.path.join(ROOT, "examples", "ibsim", "example.yaml")
STRATEGY = os.path.join(ROOT, "examples", "demo", "strategy.json")


def step(text):
    print(f"\n== {text}", flush=True)


def table(rows, headers):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(x).rjust(w) if isinstance(x, (int, float)) else str(x).ljust(w)
                        for x, w in zip(row, widths)))


def holdings(state, account):
    return state["accounts"][account]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", action="store_true",
                        help="trade with marketable limit orders and show a re-price")
    args = parser.parse_args()
    with open(STRATEGY) as f:
        strategy = json.load(f)
    weights = {a["symbol"]: a["allocation"] for a in strategy["data"]["allocations"]}
    name = strategy["data"]["name"]

    step("starting redis-server, ibsim, the allocation API and the event processor")
    env = {"LOG_LEVEL": "INFO"}
    if args.limit:
        env.update({"ORDER_TYPE": "LMT", "LIMIT_COLLAR_PERCENT": "0.5",
                    "LIMIT_REPRICE_SECONDS": "2", "LIMIT_MAX_REPRICES": "2"})
    stack = harness.Stack(SCENARIO, env_overrides=env)
    signal.signal(signal.SIGINT, lambda *_: (stack.close(), sys.exit(130)))
    signal.signal(signal.SIGTERM, lambda *_: (stack.close(), sys.exit(143)))
    try:
        stack.alloc.serve_answer(strategy)
        started = time.monotonic()
        stack.start_processor()
        print(f"redis 127.0.0.1:{stack.redis.port}  ibsim 127.0.0.1:{stack.ibsim.port} "
              f"(control {stack.ibsim.control_port})  allocation API {stack.alloc.url}  "
              f"processor API http://127.0.0.1:{stack.api_port}  "
              f"(ready in {time.monotonic() - started:.2f} s)")

        before = stack.ibsim.state()
        account = sorted(before["accounts"])[0]
        if args.limit:
            step("ORDER_TYPE=LMT, collar 0.5 %; ibsim moves QQQ up 0.7 % as its buy arrives")
            stack.ibsim.post("/faults", {"gap_percent": 0.7, "gap_symbol": "QQQ"})

        step(f"enqueueing a rebalance of {account} on strategy {name}")
        event = harness.make_event(account, "rebalance", strategy=name)
        harness.enqueue(stack.redis.client, event)
        outcome = stack.wait_outcome(event["event_id"], timeout=60)
        after = stack.ibsim.state()
        print(f"status: {outcome.get('status')}  {outcome.get('error') or ''}")

        step("holdings before and after, against the target weights")
        positions_event = harness.make_event(account, "print-positions", strategy=name)
        harness.enqueue(stack.redis.client, positions_event)
        valued = stack.wait_outcome(positions_event["event_id"]).get("result") or {}
        values = {p["symbol"]: p.get("market_value", 0) for p in valued.get("positions", [])}
        b, a = holdings(before, account), holdings(after, account)
        symbols = sorted(set(b["positions"]) | set(a["positions"]) | set(weights))
        nav = a["net_liquidation"] or 1
        rows = []
        for s in symbols:
            rows.append([s, b["positions"].get(s, 0), a["positions"].get(s, 0),
                         f"{weights.get(s, 0) * 100:.1f}%", f"{values.get(s, 0) / nav * 100:.1f}%"])
        table(rows, ["symbol", "before", "after", "target", "after (weight)"])
        plan = (outcome.get("result") or {}).get("plan", {})
        for skipped in plan.get("skipped", []):
            print(f"skipped: {skipped.get('side')} {skipped.get('quantity')} {skipped.get('symbol')}"
                  f" ({skipped.get('reason')}; the original's rule: a buy that does not fit whole"
                  " is skipped, see PLANNER_BUY_WHAT_FITS)")
        print(f"cash: {b['cash']:.2f} -> {a['cash']:.2f}   net liquidation: "
              f"{b['net_liquidation']:.2f} -> {a['net_liquidation']:.2f}")

        step("orders, fills, commissions and slippage against the quote each was planned on")
        rows = []
        for o in outcome.get("orders", []):
            quote = o.get("quote") or {}
            slip = o.get("slippage") or {}
            limit = o.get("limit_price")
            rows.append([o.get("side"), o.get("symbol"), o.get("quantity"), o.get("order_type"),
                         "" if limit is None else f"{limit:.2f}", o.get("state"),
                         o.get("filled"), f"{o.get('average_price', 0):.2f}",
                         f"{o.get('commission', 0):.2f}",
                         f"{quote.get('bid', 0):.2f}/{quote.get('ask', 0):.2f}",
                         "" if not slip else f"{slip['vs_quote_bp']:.1f}"])
        table(rows, ["side", "symbol", "quantity", "type", "limit", "state", "filled",
                     "avg price", "commission", "bid/ask planned", "slippage bp"])
        cost = (outcome.get("result") or {}).get("execution_cost")
        if cost:
            print(f"cost of the rebalance: slippage {cost['slippage']:.2f} + commissions "
                  f"{cost['commissions']:.2f} = {cost['total']:.2f} USD, "
                  f"{cost['fraction_of_traded'] * 1e4:.1f} bp of {cost['traded_value']:.2f} traded")

        step("time per phase (ms)")
        phases = outcome.get("phases", {})
        table([[k, v] for k, v in phases.items()], ["phase", "ms"])
        print(f"total: {sum(phases.values())} ms")

        step("GET /queue/status")
        print(json.dumps(stack.api("/queue/status")[1], indent=2))

        step("a print-rebalance (dry run: the plan, no order)")
        dry = harness.make_event(account, "print-rebalance", strategy=name)
        harness.enqueue(stack.redis.client, dry)
        result = stack.wait_outcome(dry["event_id"])
        print(json.dumps(result.get("result"), indent=2)[:3000])

        step("a deliberately broken event (ends in the dead letters, never lost)")
        stack.redis.client("LPUSH", "rebalance_queue", '{"event_id": "broken-1", "account_id": ')
        harness.wait_until(lambda: stack.api("/queue/events?type=dead")[1], 20, "a dead letter")
        print(json.dumps(stack.api("/queue/events?type=dead")[1], indent=2))
        print("\ndemo finished: every process it started is being stopped")
        return 0 if outcome.get("status") == "done" else 1
    except Exception as error:
        print(f"demo failed: {error}", file=sys.stderr)
        if stack.processor:
            print(stack.processor_logs()[-4000:], file=sys.stderr)
        return 1
    finally:
        stack.close()


if __name__ == "__main__":
    sys.exit(main())
