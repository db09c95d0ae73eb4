#!/usr/bin/env bash
# Runs libFuzzer targets over their seed corpora: scripts/fuzz.sh [--merge] <target|all> [seconds]
# Targets: tws (TWS frame and message decoders), event (event JSON parser), allocation
# (allocation answer parser), config (config.yaml + environment), api (management API requests:
# decoding, the change guard and cross-site rule, the routes' input checks); "all" runs each in
# turn, each for `seconds` (default 60). Target "tws" -> build/fuzz/fuzz/tws_fuzz, corpus fuzz/corpus/tws,
# dictionary fuzz/tws.dict when present. Configures and builds the clang "fuzz" preset in
# build/fuzz ($EP_FUZZ_BUILD_DIR if set) when needed. New inputs go to a temporary directory, so
# the committed corpus stays as it is; --merge then adds the ones that bring new coverage to
# fuzz/corpus/<target> (review and commit them). Exits non-zero on a crash or a violated
# property (the reproducer is kept in build/fuzz/crashes), 77 when clang is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: scripts/fuzz.sh [--merge] <tws|event|allocation|config|api|all> [seconds]"
all_targets=(tws event allocation config api)
merge=0
if [[ "${1:-}" == "--merge" ]]; then
  merge=1
  shift
fi
target="${1:?$usage}"
seconds="${2:-60}"
if [[ "$target" == "all" ]]; then
  targets=("${all_targets[@]}")
elif [[ " ${all_targets[*]} " == *" $target "* ]]; then
  targets=("$target")
else
  echo "$usage" >&2
  exit 2
fi
if ! command -v clang++ >/dev/null; then
  echo "SKIP: clang++ is not installed"
  exit 77
fi
# Several test runs may share this tree: one fuzz build and run at a time (waits for the lock).
mkdir -p build
exec 9>build/fuzz.lock
flock 9
build="${EP_FUZZ_BUILD_DIR:-build/fuzz}"
if [ ! -f "$build/build.ninja" ]; then
  cmake --preset fuzz -B "$build" >/dev/null
fi
cmake --build "$build" --target "${targets[@]/%/_fuzz}" -j2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/crashes"
for name in "${targets[@]}"; do
  echo "fuzz: $name for ${seconds} s"
  mkdir -p "$work/$name"
  dict=()
  if [ -f "fuzz/$name.dict" ]; then dict=(-dict="fuzz/$name.dict"); fi
  "$build/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -error_exitcode=1 \
    -max_len=8192 -print_final_stats=1 -artifact_prefix="$build/crashes/" "${dict[@]}" \
    "$work/$name" "fuzz/corpus/$name"
  if ((merge)); then
    "$build/fuzz/${name}_fuzz" -merge=1 -max_len=8192 "fuzz/corpus/$name" "$work/$name"
  fi
done
