#!/usr/bin/env bash
# Checks the container files without a Docker engine (none runs on the build machines):
# docker-compose 1.29 must accept docker-compose.yaml with .env.example, and the resolved
# configuration, docker/Dockerfile and .env.example must keep what README "Docker" promises.
# Usage: compose_check.sh [compose-file] [dockerfile] [env-file]   (defaults: the repository's)
# Prints every failed property and exits 1; exits 0 with one "ok" line otherwise.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
compose_file=${1:-$repo/docker-compose.yaml}
dockerfile=${2:-$repo/docker/Dockerfile}
env_file=${3:-$repo/.env.example}

fail() { echo "compose_check: FAIL: $*" >&2; exit 1; }
command -v docker-compose >/dev/null || fail "docker-compose not found (scripts/install-deps.sh installs it)"
command -v python3 >/dev/null || fail "python3 not found"
for f in "$compose_file" "$dockerfile" "$env_file"; do
  [[ -f $f ]] || fail "no such file: $f"
done

# A clean environment: variables of the caller's shell must not hide gaps in the env file.
compose() {
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
    docker-compose -f "$compose_file" --project-directory "$(dirname "$compose_file")" \
    --env-file "$env_file" "$@"
}
# One `config` run both validates (as `config -q` would) and prints the resolved file to parse.
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
if ! resolved=$(compose config 2>"$errors"); then
  fail "docker-compose config rejects $compose_file: $(cat "$errors")"
fi

COMPOSE_RESOLVED=$resolved python3 - "$dockerfile" "$env_file" "$repo/README.md" <<'PY'
import os, re, sys
import yaml

problems = []
def need(condition, message):
    if not condition:
        problems.append(message)

config = yaml.safe_load(os.environ["COMPOSE_RESOLVED"]) or {}
services = config.get("services") or {}
for name in ("redis", "ibkr", "event-processor"):
    need(name in services, f"compose: no service '{name}'")

redis = services.get("redis") or {}
command = redis.get("command") or []
command = command if isinstance(command, list) else command.split()
need("--appendonly" in command and "yes" in command, "compose: redis must run with --appendonly yes")
# Redis holds the queue and has no TLS here: it stays on the compose network, never on the host.
need(not redis.get("ports"), "compose: redis must not publish a port on the host")

for name in ("redis", "ibkr"):
    check = (services.get(name) or {}).get("healthcheck") or {}
    test = check.get("test") or []
    test = test if isinstance(test, list) else [test]
    need(bool(test) and test[0] != "NONE" and not check.get("disable"),
         f"compose: service '{name}' has no healthcheck (service_healthy needs one)")

processor = services.get("event-processor") or {}
need(processor.get("restart") == "on-failure", "compose: event-processor must have restart: on-failure")
depends = processor.get("depends_on") or {}
for name in ("redis", "ibkr"):
    condition = depends.get(name, {}).get("condition") if isinstance(depends, dict) else None
    need(condition == "service_healthy",
         f"compose: event-processor must depend on '{name}' with condition: service_healthy")
def published_and_target(port):
    if isinstance(port, dict):
        return str(port.get("published")), str(port.get("target"))
    parts = str(port).split("/")[0].split(":")  # [ip:]published:target[/protocol]
    return (parts[-2] if len(parts) > 1 else None), parts[-1]
need(("8000", "8000") in [published_and_target(p) for p in processor.get("ports") or []],
     "compose: event-processor must publish port 8000 as 8000")
build = processor.get("build") or {}
need(build.get("dockerfile") == "docker/Dockerfile", "compose: event-processor must build docker/Dockerfile")
need(any("/app/config" in str(v) for v in (processor.get("volumes") or [])),
     "compose: event-processor must mount a volume at /app/config")
# Logs are JSON lines on stderr, nothing else (src/logging): a logs volume would stay empty.
# Docker keeps them, so its log driver must rotate them.
need(not any("/app/logs" in str(v) for v in (processor.get("volumes") or [])),
     "compose: nothing writes /app/logs (logs go to stderr); drop the volume")
log_options = (processor.get("logging") or {}).get("options") or {}
need(log_options.get("max-size") and log_options.get("max-file"),
     "compose: event-processor logging needs max-size and max-file (Docker keeps the logs)")
environment = processor.get("environment") or {}
for name in ("IB_HOST", "TRADING_MODE", "LOG_LEVEL", "ALLOCATIONS_API_KEY", "EXTENDED_HOURS_ENABLED",
             "SERVICE_VERSION", "TIME_IN_FORCE", "REDIS_HOST"):
    need(name in environment, f"compose: event-processor environment lacks {name}")
need(environment.get("IB_HOST") == "ibkr", "compose: IB_HOST must name the ibkr service")
# Every variable of the README's configuration table reaches the container, except those the
# image fixes (its listen address and port, its config path, Redis's port on the network).
readme = open(sys.argv[3], encoding="utf-8").read()
table = readme[readme.index("## Configuration"):readme.index("## Redis keys")]
documented = set()
for row in table.splitlines():
    if row.startswith("| `"):
        documented |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
fixed_by_image = {"REDIS_PORT", "MANAGEMENT_API_PORT", "MANAGEMENT_API_BIND", "CONFIG_FILE"}
need(len(documented) > 20, f"README: the configuration table lists only {sorted(documented)}")
for name in sorted(documented - fixed_by_image):
    need(name in environment, f"compose: event-processor environment lacks {name} (README table)")
# SIGTERM lets the running event end: up to order_completion_timeout (60 s) plus the 10 s of
# shutdown grace; Docker's default stop timeout is 10 s.
def seconds(text):
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", str(text or ""))
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0) if match else 0
need(seconds(processor.get("stop_grace_period")) >= 70,
     "compose: event-processor needs stop_grace_period >= 70s (order timeout + shutdown grace)")
need(environment.get("REDIS_HOST") == "redis", "compose: REDIS_HOST must name the redis service")

dockerfile = open(sys.argv[1], encoding="utf-8").read()
lines = [l.strip() for l in dockerfile.splitlines() if l.strip() and not l.lstrip().startswith("#")]
stages = [l.split()[1] for l in lines if l.upper().startswith("FROM ")]
need(len(stages) == 2, f"Dockerfile: expected two FROM stages, found {len(stages)}")
need(stages[:1] == ["debian:bookworm"], "Dockerfile: the build stage must be FROM debian:bookworm")
need(stages[-1:] == ["debian:bookworm-slim"], "Dockerfile: the runtime stage must be FROM debian:bookworm-slim")
users = [l.split()[1] for l in lines if l.upper().startswith("USER ")]
need(bool(users), "Dockerfile: no USER (the image must not run as root)")
need(not users or users[-1].split(":")[0] not in ("root", "0"), "Dockerfile: the last USER is root")
need(any(l.upper().startswith("HEALTHCHECK ") and "/health/live" in dockerfile for l in lines),
     "Dockerfile: no HEALTHCHECK on /health/live")
need(any(re.match(r"EXPOSE\s+.*\b8000\b", l, re.I) for l in lines), "Dockerfile: no EXPOSE 8000")
need(any(l.upper().startswith("VOLUME") and "/app/config" in l for l in lines),
     "Dockerfile: /app/config must be a VOLUME")
need("/app/logs" not in dockerfile, "Dockerfile: nothing writes /app/logs (logs go to stderr)")
need(any(l.startswith("ENTRYPOINT") and "/usr/local/bin/event-processor" in l for l in lines),
     "Dockerfile: ENTRYPOINT must be /usr/local/bin/event-processor")

env_text = open(sys.argv[2], encoding="utf-8").read()
for name in ("IB_HOST", "TRADING_MODE", "LOG_LEVEL", "ALLOCATIONS_API_KEY", "EXTENDED_HOURS_ENABLED",
             "SERVICE_VERSION", "TIME_IN_FORCE", "REDIS_HOST", "REDIS_PORT", "IB_PORT", "IB_CLIENT_ID",
             "ALLOCATIONS_API_URL", "MANAGEMENT_API_PORT", "MANAGEMENT_API_BIND", "MANAGEMENT_API_TOKEN",
             "CONFIG_FILE", "DRY_RUN", "TWS_USERID", "TWS_PASSWORD"):
    need(re.search(rf"^#?\s*{name}=", env_text, re.M),
         f".env.example: {name} is not listed (as NAME=value or # NAME=default)")

for p in problems:
    print(f"compose_check: FAIL: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo "compose_check: ok ($(basename "$compose_file"), $(basename "$dockerfile"), $(basename "$env_file"))"
