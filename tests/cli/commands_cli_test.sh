#!/usr/bin/env bash
# The command line itself: --version, a mistyped or missing subcommand (exit 2 naming the valid
# ones).
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

if ((fails)); then echo "$fails checks failed"; exit 1; fi
echo "all checks passed"
