#!/usr/bin/env bash
# The monitor's cost and speed on a running stack (env bench-mon, project scheduler-bench-mon,
# ports 18620-18623), at the local intervals (health 15 s, metrics 5 s):
#   1. footprint: CPU (user+system ticks from /proc, as % of one core) and RSS (sampled every 5 s)
#      of the monitor process over FOOTPRINT seconds (default 600) with nothing happening;
#   2. crash detection latency: KILLS times (default 5), `docker kill` of the api container, then the
#      time from just before the kill to the timestamp of the monitor's CRITICAL alert for it;
#      between kills the container is started again and the monitor's RESOLVED notice awaited.
# Prints Markdown tables. Usage: scripts/bench/monitor.sh   (FOOTPRINT=600 KILLS=5 by default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
footprint="${FOOTPRINT:-600}" kills="${KILLS:-5}"
log() { printf '[bench-monitor] %s\n' "$*" >&2; }

source "$root/scripts/bench/lib.sh"
bench_prepare
work="$(mktemp -d)"
config="$work/deployment_config.yaml"
bench_config "$config" bench-mon scheduler-bench-mon 18620 "  monitoring: {health_check_interval: 15s, metrics_interval: 5s}"
deployer() { "$root/scripts/deployer" "$1" --env bench-mon --config "$config" --state-dir "$work/state" "${@:2}"; }
monitor_pid=""
cleanup() {
  status=$?
  [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null && wait "$monitor_pid" 2>/dev/null || true
  deployer down --volumes --images --quiet >/dev/null 2>&1 || log "deployer down failed; remove project scheduler-bench-mon by hand"
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

log "deploying env bench-mon"
deployer deploy --quiet --wait-timeout=300 >/dev/null
# The launcher in the background (not through the function, which would be a subshell); it execs java, so $! is the JVM.
"$root/scripts/deployer" monitor --env bench-mon --config "$config" --state-dir "$work/state" \
  --duration "$((footprint + kills * 120 + 120))s" >"$work/monitor.out" 2>&1 &
monitor_pid=$!
alerts="$work/state/bench-mon/monitor/alerts.log"
sleep 20   # start-up and the first round of checks are not the steady state

ticks() { awk '{print $14 + $15}' "/proc/$monitor_pid/stat"; }
hz=$(getconf CLK_TCK)
log "footprint over ${footprint}s"
start_ticks=$(ticks) start_time=$(date +%s.%N) max_rss=0 sum_rss=0 samples=0
end=$(( $(date +%s) + footprint ))
while [ "$(date +%s)" -lt "$end" ]; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$monitor_pid/status")
  [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  sum_rss=$((sum_rss + rss)) samples=$((samples + 1))
  sleep 5
done
cpu=$(awk -v t0="$start_ticks" -v t1="$(ticks)" -v s0="$start_time" -v s1="$(date +%s.%N)" -v hz="$hz" \
  'BEGIN { printf "%.2f", 100 * (t1 - t0) / hz / (s1 - s0) }')

api=$(docker ps -q --filter label=com.docker.compose.project=scheduler-bench-mon --filter label=com.docker.compose.service=api)
latencies=()
for i in $(seq 1 "$kills"); do
  before=$(grep -c "CRITICAL FIRING \[service\] container api" "$alerts" 2>/dev/null || true)
  killed=$(date +%s.%N)
  docker kill "$api" >/dev/null
  for _ in $(seq 1 300); do
    [ "$(grep -c "CRITICAL FIRING \[service\] container api" "$alerts" 2>/dev/null || true)" -gt "$before" ] && break
    sleep 0.1
  done
  alerted=$(grep "CRITICAL FIRING \[service\] container api" "$alerts" | tail -1 | cut -d' ' -f1)
  latency=$(awk -v a="$(date -d "$alerted" +%s.%N)" -v b="$killed" 'BEGIN { printf "%.3f", a - b }')
  latencies+=("$latency")
  log "kill $i: alert after ${latency}s"
  resolved_before=$(grep -c "RESOLVED \[service\] container api" "$alerts" || true)
  docker start "$api" >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do
    [ "$(grep -c "RESOLVED \[service\] container api" "$alerts" || true)" -gt "$resolved_before" ] && break
    sleep 1
  done
done

echo
echo "monitor at local intervals (health 15 s, metrics 5 s) on project scheduler-bench-mon; 2 CPUs; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| footprint over ${footprint} s | value |"
echo "| --- | ---: |"
echo "| CPU, % of one core (average) | $cpu |"
echo "| RSS, MiB (average of $samples samples) | $((sum_rss / samples / 1024)) |"
echo "| RSS, MiB (maximum) | $((max_rss / 1024)) |"
echo
echo "| crash detection, docker kill of api to CRITICAL alert ($kills kills) | min s | median s | max s |"
echo "| --- | ---: | ---: | ---: |"
echo "| monitor (engine events) | $(printf '%s\n' "${latencies[@]}" | stats 3) |"
