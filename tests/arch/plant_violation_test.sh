#!/usr/bin/env bash
# The dependency check must be able to fail: on a copy of the tree, plant one forbidden include
# (core using redis_queue) and one forbidden CMake link (tws linking net); each must be reported.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
mkdir -p "$copy/scripts"
cp -r "$root/docs" "$root/src" "$copy/"
cp "$root/scripts/check-deps.py" "$copy/scripts/"
"$copy/scripts/check-deps.py" "$copy" >/dev/null || { echo "FAIL: clean copy reported findings"; exit 1; }
printf '#include "redis_queue/keys.hpp"\n' >>"$copy/src/core/planner.cpp"
sed -i 's/^  DEPS core)$/  DEPS core net)/' "$copy/src/tws/CMakeLists.txt"
if out=$("$copy/scripts/check-deps.py" "$copy"); then
  echo "FAIL: planted violations passed"; exit 1
fi
grep -q "src/core/planner.cpp:.*module 'core' includes redis_queue/keys.hpp" <<<"$out" \
  || { echo "FAIL: include not reported: $out"; exit 1; }
grep -q "library 'tws' links module 'net'" <<<"$out" \
  || { echo "FAIL: link not reported: $out"; exit 1; }
echo "ok: both planted violations reported"
