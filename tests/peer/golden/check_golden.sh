#!/usr/bin/env bash
# Re-records what @stoqey/ib sends (record_requests.js) at server versions 176 and 178 and
# diffs it with the committed golden files in tests/data/golden. Exit 77 (ctest: skipped) when
# node or tests/peer/node_modules is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
if ! command -v node >/dev/null || [ ! -d "$root/tests/peer/node_modules/@stoqey/ib" ]; then
  echo "SKIP: node or tests/peer/node_modules/@stoqey/ib is missing (run npm ci in tests/peer)"
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
for version in 176 178; do
  timeout 60 node "$here/record_requests.js" "$version" "$tmp/stoqey-$version.jsonl"
  if ! diff -u "$root/tests/data/golden/stoqey-$version.jsonl" "$tmp/stoqey-$version.jsonl"; then
    echo "stoqey-$version.jsonl differs from what @stoqey/ib sends now" >&2
    status=1
  fi
done
exit "$status"
