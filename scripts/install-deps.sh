#!/usr/bin/env bash
# Installs everything the project builds and tests with (Debian 12 packages, npm packages of the
# test peers). Idempotent: when all is present it only checks, in about a second.
# EP_DEPS=build (default: all) installs only what `cmake --preset release` needs, as the
# container's build stage does: no redis-server, clang, docker-compose or npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

EP_DEPS=${EP_DEPS:-all}
if [[ $EP_DEPS != all && $EP_DEPS != build ]]; then
  echo "install-deps: EP_DEPS must be 'all' or 'build', not '$EP_DEPS'" >&2
  exit 2
fi

PACKAGES=(build-essential cmake ninja-build ccache pkg-config git ca-certificates tzdata curl python3
  libhiredis-dev libcpp-httplib-dev libmicrohttpd-dev nlohmann-json3-dev libyaml-cpp-dev libspdlog-dev
  libfmt-dev libssl-dev libasio-dev libhowardhinnant-date-dev libcli11-dev libgtest-dev
  libgmock-dev libbenchmark-dev prometheus-cpp-dev)
# Only the tests, the fuzzers, the compose check and the status page test (chromium) use these
# (redis-sentinel: the Sentinel failover test and bench).
if [[ $EP_DEPS == all ]]; then
  PACKAGES+=(redis-server redis-sentinel clang clang-format-14 libclang-rt-14-dev docker-compose chromium)
fi
# promtool (package prometheus) checks monitoring/alerts.yaml in the test command. Debian's
# package also brings the Prometheus server, whose service is left to the host's init policy.
if [[ $EP_DEPS == all ]]; then
  PACKAGES+=(prometheus)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: these Debian packages are missing: ${missing[*]}" >&2
    echo "install-deps: run this script as root (or: sudo $0) to install them." >&2
    exit 1
  fi
  echo "install-deps: installing ${#missing[@]} Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages of the independent TWS peer (@stoqey/ib), pinned by package-lock.json.
if [[ $EP_DEPS == all && -f tests/peer/package-lock.json ]]; then
  if ! command -v npm >/dev/null; then
    echo "install-deps: npm is missing; install Node.js 20 (the test peer needs it)." >&2
    exit 1
  fi
  if [[ ! -d tests/peer/node_modules/@stoqey/ib || tests/peer/package-lock.json -nt tests/peer/node_modules/.package-lock.json ]]; then
    echo "install-deps: installing the npm packages of tests/peer"
    (cd tests/peer && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
echo "install-deps: all dependencies present"
