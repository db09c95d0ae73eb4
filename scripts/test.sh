#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs the whole test suite and
# ends with an "N passed, N failed" line. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dev
# The fuzz targets (clang, libFuzzer) are built here, so their ctests only spend their time fuzzing.
if command -v clang++ >/dev/null; then
  scripts/build.sh fuzz tws_fuzz event_fuzz allocation_fuzz config_fuzz api_fuzz
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
ctest --preset dev -j2 --timeout 600 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
failed=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$summary")
skipped=$(grep -cE '\*\*\*Skipped' "$log" || true)
if [[ -z "$summary" ]]; then
  echo "0 passed, 1 failed (ctest printed no summary)"
  exit 1
fi
echo "$((total - failed - skipped)) passed, ${failed} failed, ${skipped} skipped"
exit "$status"
