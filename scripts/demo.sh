#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, then runs the whole system on
# built-in defaults (scripts/demo.py): a private redis-server, ibsim with the bundled scenario,
# a local allocation API with the bundled strategy, the event processor and its API, all on free
# loopback ports; a rebalance, a print-rebalance and a broken event. Stops what it started.
# Usage: scripts/demo.sh [--limit]   (--limit: marketable limit orders with a re-price)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dev event-processor ibsim
echo "demo: the planner on the bundled snapshot (event-processor plan --input examples/snapshot.json)"
build/dev/src/app/event-processor plan --input examples/snapshot.json
EP_BINARY_DIR="$PWD/build/dev" exec python3 scripts/demo.py "$@"
