#!/usr/bin/env bash
# The format check must be able to fail: a copy of a source file with its indentation broken is
# reported, and the same copy formatted passes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sed 's/^  return/      return/' "$root/src/core/commands.cpp" >"$scratch/commands.cpp"
if out=$("$root/scripts/check-format.sh" "$scratch/commands.cpp"); then
  echo "FAIL: a badly indented file passed: $out"; exit 1
fi
grep -q "not formatted" <<<"$out" || { echo "FAIL: no finding named: $out"; exit 1; }
cp "$root/src/core/commands.cpp" "$scratch/commands.cpp"
"$root/scripts/check-format.sh" "$scratch/commands.cpp" >/dev/null || { echo "FAIL: clean copy"; exit 1; }
echo "ok: the planted indentation was reported"
