#!/usr/bin/env bash
# Side-by-side deploy benchmark on the same compose.yaml and the same pre-built images:
#   1. cold deploy to healthy: `deployer deploy` vs `docker-compose up -d` + polling until healthy
#   2. no-change redeploy:     `deployer deploy` vs `docker-compose up -d`
# Each measured RUNS times (default 5); prints min / median / max in seconds as a Markdown table.
# Usage: scripts/bench/deploy.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
runs="${1:-5}"

source "$root/scripts/bench/lib.sh"
bench_prepare

work="$(mktemp -d)"
config="$work/deployment_config.yaml"
bench_config "$config" bench scheduler-bench 18600
deployer() { "$root/scripts/deployer" "$@" --env bench --config "$config" --state-dir "$work/state" --quiet >/dev/null; }
# At the end the stack goes, and its release images with it: this state directory goes too.
trap 'deployer down --volumes --images || true; rm -rf "$work"' EXIT

# docker-compose v1 on the same file, its own project and ports, the image the deployer built.
export SCHEDULER_IMAGE=scheduler-app:latest API_PORT=18610 WORKER_PORT=18611 DB_PORT=18612 REDIS_PORT=18613
dc() { docker-compose -p scheduler-bench-dc -f "$root/compose.yaml" "$@" >/dev/null 2>&1; }
dc_wait_healthy() {
  for _ in $(seq 1 600); do
    ids=$(docker ps -q --filter label=com.docker.compose.project=scheduler-bench-dc)
    total=$(echo "$ids" | grep -c . || true)
    healthy=$(docker inspect -f '{{.State.Health.Status}}' $ids 2>/dev/null | grep -c '^healthy$' || true)
    [ "$total" -eq 4 ] && [ "$healthy" -eq 4 ] && return 0
    sleep 0.2
  done
  echo "docker-compose stack did not become healthy" >&2; return 1
}


deployer_cold=() deployer_nochange=() dc_cold=() dc_nochange=()
deployer deploy >/dev/null || true   # builds the image once, outside the measurements
for i in $(seq 1 "$runs"); do
  deployer down --volumes; dc down -v
  t=$(now); deployer deploy; deployer_cold+=("$(elapsed "$t")")
  t=$(now); deployer deploy; deployer_nochange+=("$(elapsed "$t")")
  deployer down --volumes
  t=$(now); dc up -d --no-build; dc_wait_healthy; dc_cold+=("$(elapsed "$t")")
  t=$(now); dc up -d --no-build; dc_wait_healthy; dc_nochange+=("$(elapsed "$t")")
  dc down -v
  echo "run $i: deployer cold ${deployer_cold[-1]} s, no-change ${deployer_nochange[-1]} s;" \
       "docker-compose cold ${dc_cold[-1]} s, no-change ${dc_nochange[-1]} s" >&2
done

echo "| measurement ($runs runs) | min s | median s | max s |"
echo "| --- | --- | --- | --- |"
row "cold deploy to healthy: deployer deploy" "${deployer_cold[@]}"
row "cold deploy to healthy: docker-compose up -d + poll" "${dc_cold[@]}"
row "no-change redeploy: deployer deploy" "${deployer_nochange[@]}"
row "no-change redeploy: docker-compose up -d" "${dc_nochange[@]}"
