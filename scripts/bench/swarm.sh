#!/usr/bin/env bash
# Single host vs Docker Swarm on the same compose.yaml, the same app image and the same loopback
# load loop (one GET /actuator/info after another, each on a new connection, no retries):
#   1. failed requests while `deploy-and-verify` updates the stack to a new release:
#      single host recreates the api container; Swarm (3 api replicas) updates start-first;
#   2. a release whose readiness never comes up (SCHEDULER_FAULT_FAIL_READINESS=true): the time its
#      rollback takes (single host: the deployer's automatic rollback, from its rollback report;
#      Swarm: its failure_action rollback, from the service's UpdateStatus), the whole
#      deploy-and-verify run, and failed requests meanwhile.
# Initialises a single-node swarm if none and leaves it again at the end if it did.
# Stacks scheduler-swb1 (single host, ports 18510-18513) and scheduler-swb2 (swarm, 18520-18523).
# Usage: scripts/bench/swarm.sh     (about 20 minutes; prints a Markdown table)
# Environment: TARGETS ("compose swarm"), to measure one side only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" >/dev/null
"$root/scripts/swarm-setup.sh"
"$root/scripts/build.sh"
work="$(mktemp -d)"
started_swarm=0
cleanup() {
  for env in swb1 swb2; do
    [ -f "$work/$env-v1.yaml" ] && "$root/scripts/deployer" down --env "$env" --config "$work/$env-v1.yaml" \
      --state-dir "$work/state" --volumes --images >/dev/null 2>&1 || true
  done
  [ "$started_swarm" -eq 1 ] && "$root/scripts/swarm-leave.sh" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  started_swarm=1
fi

# config ENV PROJECT TARGET PORT RELEASE [FAULT]: the repository's config plus one environment.
config() {
  local file="$work/$1-$5.yaml"
  sed "s#compose_file: ../../compose.yaml#compose_file: $root/compose.yaml#" \
    infrastructure/config/deployment_config.yaml > "$file"
  cat >> "$file" <<YAML
$1:
  project: $2
  target: $3
  ports: {api: $4, worker: $(($4 + 1)), db: $(($4 + 2)), redis: $(($4 + 3))}
  variables:
    SCHEDULER_RELEASE: "$5"
    SCHEDULER_FAULT_FAIL_READINESS: "${6:-false}"
  swarm:
    services:
      api:
        replicas: 3
        update_config: {monitor: 10s}
YAML
}
deployer() { "$root/scripts/deployer" "$@" --state-dir "$work/state" --wait-timeout 300 --quiet >/dev/null 2>&1; }
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.0f", a - b }'; }

# load PORT: until $work/load.stop appears, at most 15 minutes; prints "failed/total".
load() {
  local ok=0 failed=0 end=$((SECONDS + 900))
  while [ ! -f "$work/load.stop" ] && [ $SECONDS -lt $end ]; do
    if curl -fs -o /dev/null --max-time 5 -H 'Connection: close' "http://127.0.0.1:$1/actuator/info"; then
      ok=$((ok + 1)); else failed=$((failed + 1)); fi
    sleep 0.02
  done
  echo "$failed/$((ok + failed))"
}
# under_load PORT COMMAND...: runs the command while the load loop runs; sets $loaded and $took.
under_load() {
  local port="$1"; shift
  rm -f "$work/load.stop"
  load "$port" > "$work/load.out" & local loader=$!
  local t; t=$(now)
  "$@" || true
  took=$(since "$t")
  touch "$work/load.stop"; wait "$loader"
  loaded=$(cat "$work/load.out")
}
# The seconds field "duration" of the newest rollback report of ENV (ISO-8601 or plain seconds).
report_rollback_seconds() {
  local file; file=$(ls -t "$work/state/$1/reports/rollback/"*.json 2>/dev/null | head -1)
  [ -n "$file" ] || { echo "no rollback report:"; return; }
  local d; d=$(sed -n 's/^  "duration" : "\{0,1\}\([^",]*\)"\{0,1\},*$/\1/p' "$file" | head -1)
  case "$d" in
    PT*) echo "$d" | awk '{ s = 0; if (match($0, /[0-9.]+M/)) s += 60 * substr($0, RSTART, RLENGTH - 1);
                           if (match($0, /[0-9.]+S/)) s += substr($0, RSTART, RLENGTH - 1); printf "%.0f", s }' ;;
    *) printf '%.0f' "$d" ;;
  esac
}

declare -A result
for target in ${TARGETS:-compose swarm}; do
  if [ "$target" = compose ]; then env=swb1 project=scheduler-swb1 port=18510; else env=swb2 project=scheduler-swb2 port=18520; fi
  config $env $project $target $port v1
  config $env $project $target $port v2
  config $env $project $target $port v3 true
  deployer down --env $env --config "$work/$env-v1.yaml" --volumes
  deployer deploy-and-verify --env $env --config "$work/$env-v1.yaml"
  under_load $port deployer deploy-and-verify --env $env --config "$work/$env-v2.yaml"
  result[$target,update]="$loaded failed in ${took} s"
  under_load $port deployer deploy-and-verify --env $env --config "$work/$env-v3.yaml"
  result[$target,bad]="$loaded failed, run ${took} s"
  if [ "$target" = compose ]; then
    result[$target,rollback]="$(report_rollback_seconds $env) s (deployer's automatic rollback)"
  else
    read -r started completed < <(docker service inspect ${project}_api \
      --format '{{.UpdateStatus.StartedAt.Unix}} {{.UpdateStatus.CompletedAt.Unix}}')
    swarm_s=$((completed - started))
    result[$target,rollback]="$swarm_s s (Swarm's failure_action), then $(report_rollback_seconds $env) s deployer check"
  fi
  echo "$target: update ${result[$target,update]}; bad release ${result[$target,bad]}; rollback ${result[$target,rollback]}" >&2
  deployer down --env $env --config "$work/$env-v1.yaml" --volumes
done

echo "| measurement | single host (recreate) | Swarm, 3 api replicas (start-first) |"
echo "| --- | --- | --- |"
echo "| failed/total requests during an update to a new release | ${result[compose,update]:-} | ${result[swarm,update]:-} |"
echo "| rollback of a readiness-fault release | ${result[compose,rollback]:-} | ${result[swarm,rollback]:-} |"
echo "| failed/total requests during that bad release's deploy-and-verify | ${result[compose,bad]:-} | ${result[swarm,bad]:-} |"
