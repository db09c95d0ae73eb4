#!/usr/bin/env bash
# The sanitizer CI step (.ci/run runs it after the test command; too slow for the everyday one):
# the whole unit and integration suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# and the TWS client and processor tests under ThreadSanitizer. Ends with the ctest summaries.
# Usage: scripts/test-sanitizers.sh [asan|tsan|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
scripts/install-deps.sh
status=0
asan_result="not run"
tsan_result="not run"
if [[ $which == asan || $which == all ]]; then
  scripts/build.sh asan
  # Everything, including e2e, chaos and the peer suite: they run the asan build's processor
  # and ibsim, and the harness fails a test whose processes printed a sanitizer report. Left
  # out: fuzz (the fuzz preset is ASan+UBSan already) and the compose-file check (no binary).
  asan_result=passed
  ASAN_OPTIONS=detect_leaks=1 ctest --preset asan -j2 -LE 'fuzz|docker' || { status=1; asan_result=FAILED; }
fi
if [[ $which == tsan || $which == all ]]; then
  tsan_tests=(src/tws_client/tws_client_unit_test src/tws_client/tws_client_server_test
              src/processor/processor_test)
  scripts/build.sh tsan "${tsan_tests[@]##*/}"
  tsan_result=passed
  for test in "${tsan_tests[@]}"; do
    echo "tsan: $test"
    TSAN_OPTIONS=halt_on_error=1 "build/tsan/$test" --gtest_brief=1 || { status=1; tsan_result=FAILED; }
  done
fi
echo "sanitizers: ASan+UBSan suite ${asan_result}, TSan tests ${tsan_result}"
exit $status
