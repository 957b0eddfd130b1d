#!/usr/bin/env bash
# The stack on Docker Swarm, end to end, on this machine: makes the engine a single-node swarm
# if it is not one, deploys the stack with 3 api replicas (stack scheduler-swdemo, api on
# port 18550), updates it to a new release with a start-first rolling update while a loopback
# load loop counts failed requests, rolls back to the first release, and removes the stack.
# It leaves swarm mode at the end only if it started it (keep the stack and swarm: --keep).
# Usage: scripts/swarm-demo.sh [--keep]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
keep=0
[ "${1:-}" = "--keep" ] && keep=1
log() { printf '\n[swarm-demo] %s\n' "$*" >&2; }

"$root/scripts/setup.sh"
"$root/scripts/swarm-setup.sh"
"$root/scripts/build.sh"

work="$(mktemp -d)"
started_swarm=0
cleanup() {
  rm -f "$work/load.stop"
  if [ "$keep" -eq 0 ]; then
    "$root/scripts/deployer" down --env swdemo --config "$work/v1.yaml" --state-dir "$work/state" --volumes --images >/dev/null 2>&1 || true
    if [ "$started_swarm" -eq 1 ]; then
      "$root/scripts/swarm-leave.sh" && log "left swarm mode: the engine is a single host again"
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
  log "docker swarm init --advertise-addr 127.0.0.1"
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  started_swarm=1
fi

# One config per release: the release is a variable of the environment, so a rollback restores it.
config() {
  sed "s#compose_file: ../../compose.yaml#compose_file: $root/compose.yaml#" \
    infrastructure/config/deployment_config.yaml > "$work/$1.yaml"
  cat >> "$work/$1.yaml" <<YAML
swdemo:
  project: scheduler-swdemo
  target: swarm
  ports: {api: 18550, worker: 18551, db: 18552, redis: 18553}
  variables:
    SCHEDULER_RELEASE: "$1"
  swarm:
    services:
      api:
        replicas: 3
YAML
}
config v1
config v2
deployer() { "$root/scripts/deployer" "$@" --env swdemo --state-dir "$work/state" --wait-timeout 300; }
release() { curl -fsS --max-time 5 http://127.0.0.1:18550/actuator/info | sed -n 's/.*"release":"\([^"]*\)".*/\1/p'; }

# A bounded loopback load loop: a new connection per request, at most 10 minutes.
load() {
  local ok=0 failed=0 end=$((SECONDS + 600))
  while [ ! -f "$work/load.stop" ] && [ $SECONDS -lt $end ]; do
    if curl -fsS -o /dev/null --max-time 5 -H 'Connection: close' http://127.0.0.1:18550/actuator/info; then
      ok=$((ok + 1)); else failed=$((failed + 1)); fi
  done
  echo "$((ok + failed)) requests, $failed failed"
}

log "deploy release v1 with 3 api replicas"
deployer deploy-and-verify --config "$work/v1.yaml"
docker stack ps scheduler-swdemo --filter desired-state=running --format 'table {{.Name}}\t{{.Image}}\t{{.CurrentState}}'
log "serving release $(release)"

log "rolling update to v2 (order start-first) under load"
load > "$work/load.out" & loader=$!
deployer deploy-and-verify --config "$work/v2.yaml"
touch "$work/load.stop"; wait "$loader"
log "during the update: $(cat "$work/load.out"); serving release $(release)"
rm -f "$work/load.stop"

log "roll back to v1 (deployer rollback)"
load > "$work/load.out" & loader=$!
deployer rollback --config "$work/v2.yaml" --yes --reason "swarm demo"
touch "$work/load.stop"; wait "$loader"
log "during the rollback: $(cat "$work/load.out"); serving release $(release)"
docker service ps scheduler-swdemo_api --format 'table {{.Name}}\t{{.CurrentState}}\t{{.Error}}' | head -8
"$root/scripts/deployer" releases --env swdemo --config "$work/v2.yaml" --state-dir "$work/state"
