#!/usr/bin/env bash
# Rollback time, side by side, on the same compose.yaml and the same app image. Each measured RUNS
# times (default 5); prints min / median / max in seconds as a Markdown table.
#   1. operator rollback: `deployer rollback --yes` from a verified release (v2) to the one before
#      (v1); from its start (the decision) to v1 healthy, and to v1 verified (baseline validated);
#   2. automatic rollback of a bad release: `deployer deploy-and-verify` of a release whose app
#      refuses to start (SCHEDULER_FAULT_REFUSE_START); from the deployer's decision to the previous
#      release healthy, and verified;
#   3. Docker Swarm's own rollback of the same bad release: the stack on a single-node swarm, api
#      updated with `docker service update` to the same fault, `update_config: failure_action:
#      rollback` (compose.yaml); from Swarm's decision (UpdateStatus rollback_started) to the
#      previous task healthy, and to rollback_completed. Swarm verifies nothing beyond health.
# The deployer's two spans come from its rollback reports (step timeline); Swarm's are polled
# every 0.1 s with `docker service inspect` and `docker inspect`.
# Stacks scheduler-rbb1 (single host, ports 18530-18533) and scheduler-rbb2 (swarm, 18540-18543).
# Initialises a single-node swarm if none and leaves it again at the end if it did.
# Usage: scripts/bench/rollback.sh [RUNS]     (about 10 minutes for 5 runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
runs="${1:-5}"

source "$root/scripts/bench/lib.sh"
bench_prepare
"$root/scripts/swarm-setup.sh"

work="$(mktemp -d)"
started_swarm=0
deployer() { "$root/scripts/deployer" "$@" --state-dir "$work/state" --quiet >/dev/null 2>&1; }
cleanup() {
  deployer down --env rbb1 --config "$work/v1.yaml" --volumes --images || true
  deployer down --env rbb2 --config "$work/v1.yaml" --volumes --images || true
  [ "$started_swarm" -eq 1 ] && "$root/scripts/swarm-leave.sh" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# One config per release, each with both environments: v1, v2 (a new release of the same image)
# and bad (an app that refuses to start).
for release in v1 v2 bad; do
  fault=false; [ "$release" = bad ] && fault=true
  vars=("  variables: {SCHEDULER_RELEASE: \"$release\", SCHEDULER_FAULT_REFUSE_START: \"$fault\"}")
  bench_config "$work/$release.yaml" rbb1 scheduler-rbb1 18530 "${vars[@]}"
  {
    printf '\nrbb2:\n  project: scheduler-rbb2\n  target: swarm\n'
    printf '  ports: {api: 18540, worker: 18541, db: 18542, redis: 18543}\n'
    printf '%s\n' "${vars[@]}"
  } >> "$work/$release.yaml"
done

# seconds ISO_DURATION: PT9.59S, PT1M2.5S -> seconds
seconds() { awk -v d="$1" 'BEGIN { s = 0; if (match(d, /[0-9.]+M/)) s += 60 * substr(d, RSTART, RLENGTH - 1);
                                    if (match(d, /[0-9.]+S/)) s += substr(d, RSTART, RLENGTH - 1); printf "%.2f", s }'; }
# newest_rollback ENV: "to-healthy to-verified" in seconds from the newest rollback report of ENV:
# the steps up to and including "wait for healthy", and the whole rollback.
newest_rollback() {
  local file; file=$(ls -t "$work/state/$1/reports/rollback/"*.json | head -1)
  local healthy=0 total="" step="" line
  while IFS= read -r line; do
    case "$line" in
      *'"step" : "'*) step=${line#*\"step\" : \"}; step=${step%%\"*} ;;
      '  "duration" : "'*) total=${line#*: \"}; total=${total%%\"*} ;;
      *'"duration" : "'*)
        if [ -n "$step" ]; then
          local d=${line#*: \"}; d=${d%%\"*}
          healthy=$(awk -v a="$healthy" -v b="$(seconds "$d")" 'BEGIN { printf "%.2f", a + b }')
          [ "$step" = "wait for healthy" ] && step="" && break
          step=""
        fi ;;
    esac
  done < "$file"
  echo "$healthy $(seconds "$total")"
}

operator_healthy=() operator_verified=() auto_healthy=() auto_verified=() swarm_healthy=() swarm_completed=()

# 1 and 2: single host.
deployer down --env rbb1 --config "$work/v1.yaml" --volumes || true
deployer deploy-and-verify --env rbb1 --config "$work/v1.yaml"
for i in $(seq 1 "$runs"); do
  deployer deploy-and-verify --env rbb1 --config "$work/v2.yaml"
  deployer rollback --env rbb1 --config "$work/v2.yaml" --yes
  read -r h v < <(newest_rollback rbb1); operator_healthy+=("$h"); operator_verified+=("$v")
  if deployer deploy-and-verify --env rbb1 --config "$work/bad.yaml"; then
    echo "the bad release passed deploy-and-verify" >&2; exit 1
  fi
  read -r h v < <(newest_rollback rbb1); auto_healthy+=("$h"); auto_verified+=("$v")
  echo "run $i: operator rollback ${operator_healthy[-1]} s to healthy, ${operator_verified[-1]} s to verified;" \
       "automatic ${auto_healthy[-1]} s / ${auto_verified[-1]} s" >&2
done
deployer down --env rbb1 --config "$work/v1.yaml" --volumes

# 3: Swarm.
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  started_swarm=1
fi
deployer deploy-and-verify --env rbb2 --config "$work/v1.yaml" --target swarm
service=scheduler-rbb2_api
# api_healthy: the service's one running task runs the previous spec (no fault) and its container is healthy.
api_healthy() {
  local tasks; tasks=$(docker service ps "$service" --filter desired-state=running -q)
  [ "$(echo "$tasks" | grep -c .)" -eq 1 ] || return 1
  local container env
  container=$(docker inspect -f '{{.Status.ContainerStatus.ContainerID}}' "$tasks")
  env=$(docker inspect -f '{{join .Spec.ContainerSpec.Env " "}}' "$tasks")
  case "$env" in *SCHEDULER_FAULT_REFUSE_START=true*) return 1 ;; esac
  [ -n "$container" ] && [ "$(docker inspect -f '{{.State.Health.Status}}' "$container" 2>/dev/null)" = healthy ]
}
for i in $(seq 1 "$runs"); do
  docker service update --detach --env-add SCHEDULER_FAULT_REFUSE_START=true "$service" >/dev/null
  decided="" healthy=""
  for _ in $(seq 1 3000); do
    state=$(docker service inspect -f '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' "$service")
    if [ -z "$decided" ] && [[ "$state" == rollback_* ]]; then decided=$(now); fi
    if [ -n "$decided" ] && [ -z "$healthy" ] && api_healthy; then healthy=$(now); fi
    [ "$state" = rollback_completed ] && [ -n "$healthy" ] && break
    sleep 0.1
  done
  [ "$state" = rollback_completed ] || { echo "Swarm did not roll back (state $state)" >&2; exit 1; }
  swarm_healthy+=("$(elapsed "$decided" "$healthy")")
  swarm_completed+=("$(elapsed "$decided")")
  echo "run $i: Swarm ${swarm_healthy[-1]} s to healthy, ${swarm_completed[-1]} s to rollback_completed" >&2
done

echo "| measurement ($runs runs), from the rollback decision | min s | median s | max s |"
echo "| --- | ---: | ---: | ---: |"
row "deployer rollback (operator), to healthy" "${operator_healthy[@]}"
row "deployer rollback (operator), to verified" "${operator_verified[@]}"
row "deployer automatic rollback of a bad release, to healthy" "${auto_healthy[@]}"
row "deployer automatic rollback of a bad release, to verified" "${auto_verified[@]}"
row "Swarm failure_action rollback of the same bad release, to healthy" "${swarm_healthy[@]}"
row "Swarm failure_action rollback, to rollback_completed" "${swarm_completed[@]}"
