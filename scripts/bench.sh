#!/usr/bin/env bash
# Benchmarks against ibsim on the release build: rebalance latency, throughput (messages per
# rebalance; 1, 2 and 4 processors on one gateway in both pacing modes), memory (RSS, PSS,
# private; 1, 2 and 4 processors) and start time, pipeline overhead, the management API with 100,000 queued events, Redis Sentinel
# (WAIT's cost per move and per event, a 1000-event failover). Each prints a markdown table and writes bench/results/<name>.json.
#   scripts/bench.sh [--accounts N]   (throughput/memory accounts; default 100 / 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
throughput_accounts=100
memory_accounts=1000
if [[ "${1:-}" == "--accounts" ]]; then
  throughput_accounts=$2
  memory_accounts=$2
fi
scripts/install-deps.sh
cmake --preset release -DCMAKE_CXX_FLAGS="" >/dev/null
cmake --build --preset release --target event-processor ibsim
export EP_BINARY_DIR="$PWD/build/release"
python3 bench/rebalance_latency.py --runs 5 --with-lmt
python3 bench/throughput.py --accounts "$throughput_accounts"
python3 bench/throughput.py --accounts "$memory_accounts" --processors 1 2 4 \
  --modes shared per_connection
python3 bench/memory.py --accounts "$memory_accounts" --processors 1 2 4
python3 bench/pipeline.py
python3 bench/large_queue.py
python3 bench/sentinel.py
