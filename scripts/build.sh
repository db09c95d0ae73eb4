#!/usr/bin/env bash
# Configures and builds one CMake preset (default: dev). Usage: scripts/build.sh [preset] [targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}
shift || true
if [[ ! -f build/$preset/build.ninja ]]; then
  echo "build: configuring preset $preset"
  cmake --preset "$preset" >/dev/null
fi
echo "build: building preset $preset"
if (($#)); then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
