#!/usr/bin/env bash
# Runs a libFuzzer target for N seconds over its seed corpus: scripts/fuzz.sh <target> <seconds>
# (target "tws" -> build/fuzz/fuzz/tws_fuzz, corpus fuzz/corpus/tws). Configures and builds the
# clang "fuzz" preset in build/fuzz when needed. New inputs go to a temporary directory, so the
# committed corpus stays as it is. Exits non-zero on a crash (the reproducer is kept in
# build/fuzz/crashes), 77 when clang is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh <target> <seconds>}"
seconds="${2:-20}"
if ! command -v clang++ >/dev/null; then
  echo "SKIP: clang++ is not installed"
  exit 77
fi
# Several test runs may share this tree: one fuzz build at a time (waits for the lock).
mkdir -p build
exec 9>build/fuzz.lock
flock 9
if [ ! -f build/fuzz/build.ninja ]; then
  cmake --preset fuzz >/dev/null
fi
cmake --build build/fuzz --target "${target}_fuzz" -j2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p build/fuzz/crashes
build/fuzz/fuzz/"${target}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=8192 -print_final_stats=1 -artifact_prefix=build/fuzz/crashes/ \
  "$work" "fuzz/corpus/$target"
