#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, and runs the event processor on
# its built-in defaults. For now: the `plan` command on the bundled example snapshot.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dev event-processor
echo "demo: event-processor plan --input examples/snapshot.json"
build/dev/src/app/event-processor plan --input examples/snapshot.json
