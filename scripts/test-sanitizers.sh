#!/usr/bin/env bash
# The sanitizer CI step (documented in the README; too slow for the everyday test command):
# the whole unit and integration suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# and the TWS client and processor tests under ThreadSanitizer. Ends with the ctest summaries.
# Usage: scripts/test-sanitizers.sh [asan|tsan|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
scripts/install-deps.sh
status=0
if [[ $which == asan || $which == all ]]; then
  scripts/build.sh asan
  # e2e and chaos start the dev binaries; the peer suite drives ibsim: all covered in asan by
  # the unit and integration tests of the same code.
  ASAN_OPTIONS=detect_leaks=1 ctest --preset asan -j2 -LE 'e2e|chaos|fuzz' || status=1
fi
if [[ $which == tsan || $which == all ]]; then
  tsan_tests=(src/tws_client/tws_client_unit_test src/tws_client/tws_client_server_test
              src/processor/processor_test)
  scripts/build.sh tsan "${tsan_tests[@]##*/}"
  for test in "${tsan_tests[@]}"; do
    echo "tsan: $test"
    TSAN_OPTIONS=halt_on_error=1 "build/tsan/$test" --gtest_brief=1 || status=1
  done
fi
exit $status
