#!/usr/bin/env bash
# The command line itself: --version, a mistyped or missing subcommand (exit 2 naming the valid
# ones), and the option errors of `enqueue` that need no Redis.
set -u
bin=$1
src=$2
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

project_version=$(sed -n 's/^project(event_processor VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
out=$("$bin" --version); code=$?
[[ $code -eq 0 && "$out" =~ ^event-processor\ ${project_version//./\\.}(\+[0-9a-f]+)?$ ]] \
  || fail "--version: exit $code, got '$out' (project version $project_version)"

err=$("$bin" rnu 2>&1 >/dev/null); code=$?
[[ $code -eq 2 && "$err" == *"unknown command 'rnu'"* && "$err" == *"run, plan"* ]] \
  || fail "mistyped subcommand: exit $code, got '$err'"
[[ $(printf '%s\n' "$err" | wc -l) -eq 1 ]] || fail "mistyped subcommand: more than one line: $err"

err=$("$bin" 2>&1 >/dev/null); code=$?
[[ $code -eq 2 && "$err" == *"valid commands: run, plan"* ]] || fail "no subcommand: exit $code, got '$err'"

enqueue_bad() {  # expected stderr fragment, arguments...
  local want=$1 err code
  shift
  err=$(env -i PATH="$PATH" "$bin" enqueue "$@" 2>&1 >/dev/null); code=$?
  [[ $code -eq 2 && "$err" == *"$want"* ]] || fail "enqueue $*: exit $code, got '$err'"
}
enqueue_bad "valid commands: rebalance, print-rebalance, print-positions" --account DU1 --exec rebalanse
enqueue_bad "--strategy is required for rebalance" --account DU1 --exec rebalance
enqueue_bad "--strategy is required for print-rebalance" --account DU1 --exec print-rebalance
enqueue_bad "--reserve must be a percentage" --account DU1 --exec rebalance --strategy s --reserve 101
enqueue_bad "--account" --exec print-equity
# A configuration error is reported like `run` does (exit 2), without needing the API key.
err=$(env -i PATH="$PATH" REDIS_PORT=notaport "$bin" enqueue --account DU1 --exec print-equity 2>&1 >/dev/null); code=$?
[[ $code -eq 2 && "$err" == *"REDIS_PORT"* && "$err" != *"ALLOCATIONS_API_KEY"* ]] \
  || fail "enqueue bad REDIS_PORT: exit $code, got '$err'"

if ((fails)); then echo "$fails checks failed"; exit 1; fi
echo "all checks passed"
