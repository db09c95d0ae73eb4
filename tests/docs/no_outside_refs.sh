#!/usr/bin/env bash
# Every reference in the code and its documents must point into this repository: no path into
# the steering folder next to it, no document that only exists there (the compatibility notes,
# the toolchain probe, the TWS notes, the seed spec), no issue number, no "fact sheet". A
# reference "docs/<name>.md §N" must name a document of docs/ and a section heading it has.
#
# Usage: no_outside_refs.sh [ROOT]   checks the tree at ROOT (default: this repository)
#        no_outside_refs.sh --self-test   plants each kind of reference in a scratch tree and
#                                         checks that it is found, and that allowed forms pass
# Scanned: src tests (not tests/data: captured data keeps its provenance) fuzz bench cmake
# scripts docs examples config docker .ci and the top-level build, compose and README files.
# Prints one line per finding and exits 1; exits 0 with one "ok" line otherwise.
set -euo pipefail

scan_dirs=(src tests fuzz bench cmake scripts docs examples config docker .ci)
scan_files=(README.md CMakeLists.txt CMakePresets.json .env.example docker-compose.yaml)

# Extended regexes, matched case-insensitively. Written so that this script does not match
# them itself.
forbidden=(
  '\.\./shared'            # a path out of the repository
  'shared/docs'            # the steering folder's documents
  'compat\.md'             # the steering compatibility notes (ours: docs/compatibility.md)
  'seed-event'             # the steering spec
  'fact[[:space:]]+sheet'  # the steering TWS notes (ours: docs/tws-wire-protocol.md)
  'tws-protocol\.md'       # the steering TWS notes' file (ours has another name, so any
  '(^|[^-[:alnum:]])toolchain\.md'  # mention is one), likewise its toolchain notes
  '(^|[^[:alnum:]_])issues?[[:space:]]+#?[0-9]+'  # tracker numbers mean nothing to a reader
)

check_tree() {
  local root=$1 findings=0 hits
  local targets=()
  for d in "${scan_dirs[@]}"; do [[ -d $root/$d ]] && targets+=("$root/$d"); done
  for f in "${scan_files[@]}"; do [[ -f $root/$f ]] && targets+=("$root/$f"); done
  ((${#targets[@]})) || { echo "no_outside_refs: nothing to scan under $root" >&2; return 2; }
  local grep_opts=(-rnIiE --exclude-dir=node_modules --exclude-dir=__pycache__
                   --exclude-dir=build --exclude=no_outside_refs.sh)
  for pattern in "${forbidden[@]}"; do
    hits=$(grep "${grep_opts[@]}" -- "$pattern" "${targets[@]}" | grep -v "^$root/tests/data/" || true)
    if [[ -n $hits ]]; then
      findings=1
      while IFS= read -r line; do echo "outside reference: ${line#"$root"/}"; done <<<"$hits"
    fi
  done
  if ! python3 - "$root" "${targets[@]}" <<'PY'; then findings=1; fi
# Each "docs/<name>.md §N[.M]" (and the "§N" that follow it in the same list) must name an
# existing document and one of its numbered headings ("## 3. ..." or "### 3.1 ...").
import os, re, sys
root, targets = sys.argv[1], sys.argv[2:]
ref = re.compile(r"docs/([A-Za-z0-9_-]+\.md)((?:[ ,]*(?:and |or )?§\d+(?:\.\d+)*(?:-\d+(?:\.\d+)*)?)*)")
number = re.compile(r"§(\d+(?:\.\d+)*)(?:-(\d+(?:\.\d+)*))?")
heading = re.compile(r"^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s")
sections = {}
def sections_of(doc):
    if doc not in sections:
        path = os.path.join(root, "docs", doc)
        if not os.path.isfile(path):
            sections[doc] = None
        else:
            with open(path, encoding="utf-8") as f:
                sections[doc] = {m.group(1) for m in map(heading.match, f) if m}
    return sections[doc]
bad = 0
files = []
for t in targets:
    if os.path.isfile(t):
        files.append(t)
    else:
        for d, dirs, names in os.walk(t):
            dirs[:] = [x for x in dirs if x not in ("node_modules", "__pycache__", "build")
                       and not os.path.join(d, x).startswith(os.path.join(root, "tests", "data"))]
            files += [os.path.join(d, n) for n in names if n != "no_outside_refs.sh"]
for path in files:
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (UnicodeDecodeError, OSError):
        continue
    rel = os.path.relpath(path, root)
    for i, line in enumerate(lines, 1):
        for m in ref.finditer(line):
            doc, cited = m.group(1), m.group(2)
            known = sections_of(doc)
            if known is None:
                print(f"missing document: {rel}:{i}: docs/{doc}")
                bad = 1
                continue
            for n in number.finditer(cited):
                for s in filter(None, n.groups()):
                    # "§6.1-6.4" is a range; "§2.2-2.3" too. Each end must exist.
                    if s not in known:
                        print(f"missing section: {rel}:{i}: docs/{doc} §{s}")
                        bad = 1
sys.exit(bad)
PY
  return $findings
}

scratch=""
self_test() {
  local failures=0
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/src" "$scratch/docs" "$scratch/tests/data" "$scratch/cmake"
  printf '# T\n\n## 1. One\n\n### 1.2 Sub\n' >"$scratch/docs/tws-wire-protocol.md"
  cp "$scratch/docs/tws-wire-protocol.md" "$scratch/docs/build-notes.md"
  local clean='// Framing (docs/tws-wire-protocol.md §1.2, §1), pitfalls (docs/build-notes.md §1).'
  # Captured data may say anything.
  printf '%s\n' "see the ../shared/docs/tws-protocol.md fact sheet, issue 4" >"$scratch/tests/data/x.txt"
  printf '%s\n' "$clean" >"$scratch/src/a.cpp"
  if ! check_tree "$scratch" >/dev/null; then
    echo "self-test: FAIL: the clean tree was refused:"; check_tree "$scratch" || true
    failures=1
  fi
  local shared=../shared dot=. issue=issue sheet=sheet
  local planted=(
    "// see $shared/docs/compat${dot}md"
    "# warnings of shared/docs/toolchain${dot}md"
    "// keys of compat${dot}md"
    "// the spec (seed-event-processor${dot}md)"
    "// (fact $sheet 7.8)"
    "// (Fact  $sheet section 12)"
    "// guards ($issue 9)"
    "\"\"\"Safety (Issues #12)\"\"\""
    "// pitfall 3 of toolchain${dot}md"
    "// layout of tws-protocol${dot}md §1"
    "// see docs/tws-protocol${dot}md §1 (the steering file's name)"
    "// pitfalls (docs/toolchain${dot}md §1)"
    "// see docs/tws-wire-protocol.md §7"
    "// see docs/tws-wire-protocol.md §1.2-1.3"
    "// see docs/tws-wire-protocol.md §1, §9"
    "// see docs/nothing.md"
  )
  for text in "${planted[@]}"; do
    printf '%s\n%s\n' "$clean" "$text" >"$scratch/src/a.cpp"
    if check_tree "$scratch" >/dev/null; then
      echo "self-test: FAIL: not found: $text"
      failures=1
    fi
  done
  printf '%s\n' "$clean" >"$scratch/src/a.cpp"
  printf '%s\n' "# (fact $sheet 2.4)" >"$scratch/cmake/Opts.cmake"
  if check_tree "$scratch" >/dev/null; then
    echo "self-test: FAIL: a planted reference in cmake/ was not found"
    failures=1
  fi
  if ((failures)); then return 1; fi
  echo "no_outside_refs self-test: ok (${#planted[@]} planted references found, clean tree passes)"
}

if [[ ${1:-} == --self-test ]]; then
  self_test
  exit $?
fi
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
if check_tree "$root"; then
  echo "no_outside_refs: ok (no reference leaves the repository; every docs/ section cited exists)"
else
  exit 1
fi
