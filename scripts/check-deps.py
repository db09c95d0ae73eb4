#!/usr/bin/env python3
"""Checks the module dependency rules of docs/architecture.md against the code.

The "Modules" block of docs/architecture.md lists, per folder of src/, the project modules and
third-party libraries it may use. This script fails (exit 1, one line per finding) when a
production file of a module includes a module or library its row does not allow, or when the
module's CMake library links a project module its row does not name. Test files may use more
(tests/support, GoogleTest, the adapters they run against) and are not checked.
Usage: scripts/check-deps.py [repository root]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
EVERYTHING = "*"

# First component of an include path -> library name used in the architecture rows.
LIBRARIES = {
    "fmt": "fmt", "spdlog": "spdlog", "nlohmann": "json", "yaml-cpp": "yaml-cpp",
    "hiredis": "hiredis", "prometheus": "prometheus-cpp", "date": "date/tz", "asio": "asio",
    "asio.hpp": "asio", "CLI": "CLI11", "openssl": "openssl", "httplib.h": "httplib",
    "microhttpd.h": "microhttpd", "boost": "boost", "benchmark": "benchmark",
    "gtest": "gtest", "gmock": "gtest",
}
POSIX_DIRS = {"sys", "arpa", "netinet", "linux", "bits"}


def parse_rows(text):
    """Returns {module: set of allowed names} from the fenced block under '## Modules'."""
    section = text[text.index("## Modules"):]
    block = section.split("```")[1]
    rows, module, column, open_row = {}, None, 0, False
    for line in block.splitlines():
        start = re.match(r"^(\w+) ─+► ", line)
        if start:
            module, column = start.group(1), start.end()
            rows[module] = set()
        elif not (open_row and line[:column].strip() == ""):
            open_row = False
            continue
        deps = re.split(r"\s{2,}", line[column:].strip())[0]
        for name in (d.strip() for d in deps.split(",")):
            if name.startswith("every "):
                rows[module].add(EVERYTHING)
            elif name:
                rows[module].add(name)
        open_row = deps.endswith(",")
    return rows


def is_test_file(path):
    name = path.name
    # Test helpers live in a module's testing/ folder, so a helper file elsewhere is production
    # code to this check.
    return (name.endswith("_test.cpp") or name.endswith("_redistest.cpp")
            or "testing" in path.parts)


def include_target(include, modules):
    """The module or library an include names, or None for the standard library and POSIX."""
    first = include.split("/")[0]
    if first in modules or first == "tests":
        return first
    if first in LIBRARIES:
        return LIBRARIES[first]
    if "/" not in include or first in POSIX_DIRS:
        return None  # <vector>, <unistd.h>, <sys/socket.h>
    return f"unknown library '{first}' (add it to scripts/check-deps.py)"


def check_includes(rows, modules):
    findings = []
    for module in sorted(rows):
        allowed = rows[module] | {module}
        if EVERYTHING in allowed:
            continue
        for path in sorted((ROOT / "src" / module).rglob("*.[ch]pp")):
            if is_test_file(path):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                found = re.match(r'\s*#\s*include\s*[<"]([^>"]+)[>"]', line)
                target = found and include_target(found.group(1), modules)
                if target and target not in allowed:
                    findings.append(f"{path.relative_to(ROOT)}:{number}: module '{module}' "
                                    f"includes {found.group(1)} ({target}), which its row in "
                                    f"docs/architecture.md does not allow")
    return findings


def check_links(rows, modules):
    findings = []
    for module in sorted(rows):
        allowed = rows[module] | {module}
        cmake = ROOT / "src" / module / "CMakeLists.txt"
        if EVERYTHING in allowed or not cmake.exists():
            continue
        for library in re.finditer(r"ep_library\((\w+)(.*?)\)", cmake.read_text(), re.S):
            if "testing" in library.group(1):
                continue
            deps = re.search(r"DEPS(.*)", library.group(2), re.S)
            for dep in (deps.group(1).split() if deps else []):
                if dep in modules and dep not in allowed:
                    findings.append(f"{cmake.relative_to(ROOT)}: library '{library.group(1)}' "
                                    f"links module '{dep}', which the row of '{module}' in "
                                    f"docs/architecture.md does not allow")
    return findings


def main():
    rows = parse_rows((ROOT / "docs" / "architecture.md").read_text())
    modules = {p.name for p in (ROOT / "src").iterdir() if p.is_dir()}
    missing = sorted(modules - rows.keys())
    findings = [f"src/{m}: no row in docs/architecture.md" for m in missing]
    findings += check_includes(rows, modules) + check_links(rows, modules)
    for finding in findings:
        print(finding)
    print(f"architecture: {len(rows)} modules checked, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
