#!/usr/bin/env bash
# Runs the @stoqey/ib peer suite against the built ibsim binary ($1). Exit 77 = skipped (no node
# or tests/peer/node_modules not installed), as ctest's SKIP_RETURN_CODE expects.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null 2>&1; then
  echo "node is not installed: skipping the @stoqey/ib peer suite"
  exit 77
fi
if [ ! -d "$here/../node_modules/@stoqey/ib" ]; then
  echo "tests/peer/node_modules is missing (npm ci in tests/peer): skipping the @stoqey/ib peer suite"
  exit 77
fi
exec node "$here/ibsim_peer.test.js" "$1"
