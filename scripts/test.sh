#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs the whole test suite and
# ends with an "N passed, N failed" line. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dev
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
ctest --preset dev -j2 --timeout 300 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -cE '^\s*[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' "$log" || true)
failed=$(grep -cE '^\s*[0-9]+/[0-9]+ Test +#[0-9]+: .*(\*\*\*|Failed|Timeout|Not Run|Exception)' "$log" || true)
echo "${passed} passed, ${failed} failed"
exit "$status"
