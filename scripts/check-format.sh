#!/usr/bin/env bash
# Fails (exit 1, naming each file) when a C++ file is not formatted as .clang-format says.
# Usage: scripts/check-format.sh [file...]   (default: every tracked .cpp/.hpp of src, tests,
# bench and fuzz). Fix with: clang-format-14 -i <file>.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
format=$(command -v clang-format-14 || command -v clang-format || true)
if [[ -z $format ]]; then
  echo "check-format: clang-format-14 is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
if (($#)); then
  files=("$@")
else
  mapfile -t files < <(cd "$root" && git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' \
    'tests/*.hpp' 'bench/*.cpp' 'fuzz/*.cpp' 'fuzz/*.hpp' | grep -v node_modules | sed "s|^|$root/|")
fi
bad=()
for file in "${files[@]}"; do
  "$format" --style="file:$root/.clang-format" --dry-run -Werror "$file" >/dev/null 2>&1 || bad+=("$file")
done
if ((${#bad[@]})); then
  printf 'check-format: not formatted: %s\n' "${bad[@]#"$root"/}"
  echo "check-format: ${#bad[@]} of ${#files[@]} files; fix with clang-format-14 -i <file>"
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
