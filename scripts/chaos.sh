#!/usr/bin/env bash
# The full chaos run: 200 rebalance events over 50 accounts, 30 SIGKILLs of the processor at
# seeded random moments (the seed is printed; pass --seed S to replay), on the dev build.
# Writes bench/results/chaos.json. Extra arguments go to tests/chaos/chaos.py.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${EP_BINARY_DIR:-$PWD/build/bench}
[[ -f "$build_dir/CMakeCache.txt" ]] || cmake --preset dev -B "$build_dir" >/dev/null
cmake --build "$build_dir" --target event-processor ibsim
export EP_BINARY_DIR="$build_dir"
python3 tests/chaos/chaos.py --events 200 --accounts 50 --kills 30 --write-result "$@"
