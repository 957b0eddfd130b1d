#!/usr/bin/env bash
# Throughput and latency of the scheduler api in its container, driven by wrk over loopback.
# Deploys its own stack with the deployer (env bench-app, project scheduler-bench-app, ports
# 18700-18703), seeds members, resources and events through the API, then runs, each after a
# warm-up: event reads by id, event reads by page, event creates (conflict-checked; distinct
# non-overlapping slots, every CONFLICT_EVERY-th one deliberately on a booked slot -> 409) and
# plain-language request submissions (202). Prints one Markdown table row per scenario plus the
# load average; the stack is taken down (with its volumes) on exit.
# Usage: scripts/bench/app.sh
# Environment: DURATION (20s), WARMUP (5s), TIMEOUT (10s, wrk's per-request timeout; wrk drops slower
#              responses from its percentiles and counts them as socket errors), CONNECTIONS (16), THREADS (2), SEED_EVENTS (400),
#              CONFLICT_EVERY (10; 0 = every create on a free slot), KEEP=1 leaves the stack up,
#              READ_RATE (500) and WRITE_RATE (200): after the runs at saturation, the same scenarios
#              paced at these request rates (the issue's targets), for the latency at that load.
#              HEALTH_CADENCE (production): the containers' health checks as production runs them
#              (app every 10 s, db and redis every 5 s); `local` for compose.yaml's defaults (2 s, 1 s).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
duration="${DURATION:-20s}" warmup="${WARMUP:-5s}" timeout="${TIMEOUT:-10s}"
connections="${CONNECTIONS:-16}" threads="${THREADS:-2}"
seed_events="${SEED_EVENTS:-400}" conflict_every="${CONFLICT_EVERY:-10}"
log() { printf '[bench-app] %s\n' "$*" >&2; }

source "$root/scripts/lib.sh"
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  apt_install wrk
fi
command -v jq >/dev/null 2>&1 || apt_install jq

source "$root/scripts/bench/lib.sh"
bench_prepare

work="$(mktemp -d)"
config="$work/deployment_config.yaml"
# Health checks at production's cadence (deployment_config.yaml), unless HEALTH_CADENCE=local: at
# local's, their execs take enough of the two cores to show in the latency (BENCHMARKS.md).
cadence='  variables: {APP_HEALTH_INTERVAL: 10s, APP_HEALTH_RETRIES: "6", DATA_HEALTH_INTERVAL: 5s, DATA_HEALTH_RETRIES: "6"}'
[ "${HEALTH_CADENCE:-production}" = local ] && cadence=""
bench_config "$config" bench-app scheduler-bench-app 18700 "  validation: {max_response_time: 15s}" ${cadence:+"$cadence"}
deployer() { "$root/scripts/deployer" "$1" --env bench-app --config "$config" --state-dir "$work/state" "${@:2}"; }
cleanup() {
  status=$?
  if [ "${KEEP:-0}" != 1 ]; then
    log "taking the stack down"
    deployer down --volumes --images --quiet >/dev/null 2>&1 || log "deployer down failed; remove project scheduler-bench-app by hand"
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

log "deploying env bench-app"
deployer deploy --quiet --wait-timeout=300 >&2
api="http://127.0.0.1:18700"
post() { curl -fsS -H 'Content-Type: application/json' -d "$2" "$api$1"; }

log "seeding 4 members, 2 resources, $seed_events events"
for name in Emma Noah Mia Liam; do post /members "{\"name\":\"$name\"}" >/dev/null; done
post /resources '{"name":"Soccer field","kind":"field"}' >/dev/null
post /resources '{"name":"Family car","kind":"car"}' >/dev/null
# Seeded events: one-hour slots from 2029-01-01T00:00Z, 30 minutes each, member 1 and resource 1.
booked_epoch=$(date -u -d 2029-01-01T00:00:00Z +%s)
first_id="" last_id=""
for k in $(seq 0 $((seed_events - 1))); do
  start=$(date -u -d "@$((booked_epoch + 3600 * k))" +%Y-%m-%dT%H:%M:%SZ)
  end=$(date -u -d "@$((booked_epoch + 3600 * k + 1800))" +%Y-%m-%dT%H:%M:%SZ)
  id=$(post /events "{\"title\":\"Seed $k\",\"start\":\"$start\",\"end\":\"$end\",\"location\":\"Field\",\"participantIds\":[1],\"resourceIds\":[1]}" | jq -r .id)
  first_id="${first_id:-$id}" last_id="$id"
done
pages=$(( (seed_events + 19) / 20 ))

lua="$root/scripts/bench/app-bench.lua"
export BENCH_THREADS="$threads" BENCH_RATE=0
results="$work/results"
: > "$results"
# scenario label, then wrk's script arguments. Warm-up and measured run of `create` book different
# ranges five years apart (2030 and 2035; paced 2040 and 2045), so neither the measured run nor the warm-up
# reaches the other's events even at thousands of creates per second (one hourly slot each).
# WARM_YEAR is the year the warm-up of `create` books.
run() {
  local label="$1" url="$2"; shift 2
  local warm_args=("$@")
  if [ "$1" = create ]; then warm_args=(create "$(date -u -d "${WARM_YEAR:-2035}-01-01" +%s)" "${@:3}"); fi
  log "$label: warm-up $warmup"
  wrk -t"$threads" -c"$connections" -d"$warmup" --timeout "$timeout" -s "$lua" "$url" -- "${warm_args[@]}" >/dev/null
  local load; load="$(uptime | sed 's/.*load average: //')"
  log "$label: measuring $duration (load average $load)"
  local out; out="$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout "$timeout" -s "$lua" "$url" -- "$@")"
  local line; line="$(grep '^RESULT' <<<"$out")"
  log "$label: $line"
  printf '%s\t%s\t%s\n' "$label" "$load" "$line" >> "$results"
}

run "GET /events/{id}" "$api" read-id "$first_id" "$last_id"
run "GET /events?page=N&size=20" "$api" read-page "$pages"
run "POST /events (conflict-checked)" "$api" create "$(date -u -d 2030-01-01 +%s)" 4 2 "$conflict_every" "$booked_epoch" "$seed_events"
# The paced runs before any plain-language request: those queue work for the worker, on the same
# cores, which would land on whatever runs after them.
read_rate="${READ_RATE:-500}" write_rate="${WRITE_RATE:-200}"
BENCH_RATE="$read_rate" run "GET /events/{id} at $read_rate/s" "$api" read-id "$first_id" "$last_id"
BENCH_RATE="$read_rate" run "GET /events?page=N&size=20 at $read_rate/s" "$api" read-page "$pages"
BENCH_RATE="$write_rate" WARM_YEAR=2045 run "POST /events (conflict-checked) at $write_rate/s" "$api" \
  create "$(date -u -d 2040-01-01 +%s)" 4 2 "$conflict_every" "$booked_epoch" "$seed_events"
BENCH_RATE="$write_rate" run "POST /requests at $write_rate/s" "$api" request
run "POST /requests" "$api" request

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
echo
echo "wrk -t$threads -c$connections -d$duration --timeout $timeout (after a $warmup warm-up), loopback to the api container at $api; $(nproc) CPUs; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| scenario | req/s | p50 ms | p95 ms | p99 ms | max ms | responses by status | socket errors | load average (1/5/15 min) at start |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"
while IFS=$'\t' read -r label load line; do
  echo "| $label | $(field rps "$line") | $(field p50_ms "$line") | $(field p95_ms "$line") | $(field p99_ms "$line") | $(field max_ms "$line") | $(field statuses "$line" | sed 's/,/, /g') | $(field socket_errors "$line") | $load |"
done < "$results"
