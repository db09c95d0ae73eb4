#!/usr/bin/env bash
# The full chaos runs on the dev build (seeded; the seed is printed; pass --seed S to replay).
# Three processors share Redis and ibsim; the accounts hold 100 of cash and the strategies rotate
# the money, so every event's buys need its sells' cash:
#   scripts/chaos.sh [kills]  200 rebalance events over 50 accounts, 30 SIGKILLs of a processor
#                             picked at random -> bench/results/chaos.json
#   scripts/chaos.sh faults   200 events over 50 accounts, every gateway fault of ibsim twice
#                             (drop mid-sell, drop after N messages, 20 s refusal, 1100/1102,
#                             pacing violation, client id in use) -> bench/results/chaos_faults.json
#   scripts/chaos.sh redis    200 events over 50 accounts, redis-server SIGKILLed and restarted
#                             with its AOF 5 times -> bench/results/chaos_redis.json
#   scripts/chaos.sh outage   60 events over 12 accounts, the default 15 s liveness TTL; Redis
#                             stopped 60 s (AOF), frozen (SIGSTOP) 70 s, out of memory 30 s, each
#                             met by events in flight -> bench/results/chaos_outage.json
# Extra arguments go to tests/chaos/chaos.py (kills), tests/chaos/chaos_faults.py or
# tests/chaos/chaos_outage.py (outage).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=kills
if [[ $# -gt 0 && $1 != -* ]]; then
  mode=$1
  shift
fi
build_dir=${EP_BINARY_DIR:-$PWD/build/bench}
[[ -f "$build_dir/CMakeCache.txt" ]] || cmake --preset dev -B "$build_dir" >/dev/null
cmake --build "$build_dir" --target event-processor ibsim
export EP_BINARY_DIR="$build_dir"
case $mode in
  kills) exec python3 tests/chaos/chaos.py --events 200 --accounts 50 --kills 30 --processors 3 \
           --max-gap-s 1.2 --write-result "$@" ;;
  faults) exec python3 tests/chaos/chaos_faults.py --events 200 --accounts 50 --faults gateway \
            --rounds 2 --processors 3 --write-result chaos_faults "$@" ;;
  redis) exec python3 tests/chaos/chaos_faults.py --events 200 --accounts 50 --faults redis \
           --rounds 5 --processors 3 --write-result chaos_redis "$@" ;;
  outage) exec python3 tests/chaos/chaos_outage.py --outages stop,freeze,oom --down-s 60,70,30 \
            --liveness-ttl-s 15 --events 60 --accounts 12 --processors 3 \
            --write-result chaos_outage "$@" ;;
  *) echo "usage: scripts/chaos.sh [kills|faults|redis|outage] [options]" >&2; exit 2 ;;
esac
