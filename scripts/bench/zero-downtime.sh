#!/usr/bin/env bash
# Zero downtime, side by side, in one run on the same compose.yaml and the same app image:
#   1. failed requests and outage during a deploy of a changed release (SCHEDULER_RELEASE v1 -> v2,
#      so api and worker both change) and during the rollback to v1, under a steady loopback load
#      (50 GET /members per second, open loop: each request starts on schedule in its own thread,
#      a new connection each, no retries, 2 s connect / 5 s read timeout), for
#        rc: the deployer's recreate path (proxy.enabled: false): deploy-and-verify, rollback --yes
#        dc: docker-compose 1.29 `up -d` of the same change (and back), then polled until healthy
#        px: the deployer's blue/green path (proxy.enabled: true): deploy-and-verify, rollback --yes
#        sw: the deployer's swarm target (1 api replica, compose.yaml's update_config and
#            rollback_config: order start-first; edge publishing): deploy-and-verify, rollback --yes
#      A second loop asks GET /actuator/info (its "release" is SCHEDULER_RELEASE) 20 times a second
#      through the same port, which dates the first answer of the new (deploy) or old (rollback)
#      release. Outage: the longest gap between two successful /members answers (completion times)
#      that overlaps the window; the window is the command plus 3 s after it. "v1 verified": from
#      the rollback command's start to the end of its last check, by its rollback report.
#   2. cold deploy (after down --volumes) to healthy and no-change redeploy, RUNS times each:
#      `deployer deploy` on the recreate and the proxy path, `docker-compose up -d` + poll.
# Projects zdbench-rc, -dc, -px, -sw on ports 19100-19103, 19120-, 19110-, 19130-; image
# zdbench-app (SCHEDULER_IMAGE), removed at the end with the stacks. Initialises a single-node swarm
# if none and leaves it again at the end only if it did. Command output goes to $LOGS (kept).
# Usage: scripts/bench/zero-downtime.sh [RUNS]   (default 3; 8-10 minutes on a 2-core machine)
# Environment: PATHS ("rc dc px sw") to measure some paths only; SKIP_COLD=1 skips part 2; LOGS (a
# directory for the commands' output, the request logs and the rollback reports); BENCH_COMMIT (the
# commit printed when the script runs from an export without .git, e.g. `git archive HEAD`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
runs="${1:-3}"
paths="${PATHS:-rc dc px sw}"

source "$root/scripts/bench/lib.sh"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
bench_prepare
"$root/scripts/swarm-setup.sh"

work="$(mktemp -d)"
LOGS="${LOGS:-$(mktemp -d /tmp/zdbench-logs.XXXX)}"; mkdir -p "$LOGS"
image=zdbench-app
started_swarm=0
log() { printf '[zero-downtime] %s\n' "$*" >&2; }
# The 1-minute load average every 10 s, for the notes (at most an hour).
( for _ in $(seq 1 360); do echo "$(date -u +%T) $(cut -d' ' -f1 /proc/loadavg)"; sleep 10; done ) > "$LOGS/loadavg.log" &
sampler=$!

# Configs: one per release (v1, v2), each with the four environments.
for release in v1 v2; do
  vars="  variables: {SCHEDULER_RELEASE: \"$release\", SCHEDULER_IMAGE: \"$image:latest\"}"
  bench_config "$work/$release.yaml" zdrc zdbench-rc 19100 "$vars" "  proxy: {enabled: false}"
  {
    printf '\nzdpx:\n  project: zdbench-px\n  ports: {api: 19110, worker: 19111, db: 19112, redis: 19113}\n'
    printf '%s\n  proxy: {enabled: true}\n' "$vars"
    printf '\nzdsw:\n  project: zdbench-sw\n  target: swarm\n  ports: {api: 19130, worker: 19131, db: 19132, redis: 19133}\n'
    printf '%s\n' "$vars"
  } >> "$work/$release.yaml"
done
declare -A port=([rc]=19100 [px]=19110 [dc]=19120 [sw]=19130)

# deployer ENV COMMAND ARGS...: the toolkit, its output appended to $LOGS/ENV.log.
deployer() {
  local env="$1"; shift
  { echo "### $(date -u +%T) deployer $* --env $env"; } >> "$LOGS/$env.log"
  "$root/scripts/deployer" "$@" --env "$env" --state-dir "$work/state" --wait-timeout 300 >> "$LOGS/$env.log" 2>&1
}
# docker-compose v1 on the same file, its own project and ports, the image the deployer built.
# dc RELEASE ARGS...
dc() {
  local release="$1"; shift
  echo "### $(date -u +%T) SCHEDULER_RELEASE=$release docker-compose $*" >> "$LOGS/dc.log"
  SCHEDULER_RELEASE="$release" API_PORT=19120 WORKER_PORT=19121 DB_PORT=19122 REDIS_PORT=19123 SCHEDULER_IMAGE=$image:latest \
    docker-compose -p zdbench-dc -f "$root/compose.yaml" "$@" >> "$LOGS/dc.log" 2>&1
}
dc_wait_healthy() {
  local ids total healthy
  for _ in $(seq 1 1500); do
    ids=$(docker ps -q --filter label=com.docker.compose.project=zdbench-dc)
    total=$(echo "$ids" | grep -c . || true)
    healthy=$(docker inspect -f '{{.State.Health.Status}}' $ids 2>/dev/null | grep -c '^healthy$' || true)
    [ "$total" -eq 4 ] && [ "$healthy" -eq 4 ] && return 0
    sleep 0.2
  done
  echo "docker-compose stack did not become healthy" >&2; return 1
}
dc_release() { dc "$1" up -d --no-build && dc_wait_healthy; }

cleanup() {
  status=$?
  kill "$sampler" 2>/dev/null || true
  touch "$work/load.stop"; wait 2>/dev/null || true
  for env in zdrc zdpx zdsw; do
    "$root/scripts/deployer" down --env "$env" --config "$work/v1.yaml" --state-dir "$work/state" \
      --volumes --images >> "$LOGS/cleanup.log" 2>&1 || log "down of $env failed (see $LOGS/cleanup.log)"
  done
  dc v1 down -v || true
  [ "$started_swarm" -eq 1 ] && { "$root/scripts/swarm-leave.sh" >> "$LOGS/cleanup.log" 2>&1 || log "swarm leave failed"; }
  docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$image:" | xargs -r docker rmi >> "$LOGS/cleanup.log" 2>&1 || true
  rm -rf "$work"
  log "logs in $LOGS"
  exit $status
}
trap cleanup EXIT INT TERM

# The load generator: javac once, one process per measured command.
cat > "$work/Load.java" <<'JAVA'
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

/** Load PORT MEMBERS_PER_S INFO_PER_S STOP_FILE MAX_SECONDS OUT: one line per request, "kind start end status [release]", epoch seconds. */
public class Load {
  static final long EPOCH_NS = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
  static double nowS() { return (EPOCH_NS + System.nanoTime()) / 1e9; }
  static final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

  static void get(int port, String path, String kind) {
    double start = nowS();
    int status = 0; String release = "-";
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String[] first = answer.split("\r\n", 2)[0].split(" ");
      if (first.length > 1 && first[0].startsWith("HTTP/")) status = Integer.parseInt(first[1]);
      int i = answer.indexOf("\"release\":\"");
      if (i >= 0) release = answer.substring(i + 11, answer.indexOf('"', i + 11));
    } catch (Exception e) {
      status = 0;
    }
    lines.add(String.format(Locale.ROOT, "%s %.3f %.3f %d %s", kind, start, nowS(), status, release));
  }

  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    long membersNs = (long) (1e9 / Double.parseDouble(a[1])), infoNs = (long) (1e9 / Double.parseDouble(a[2]));
    Path stop = Paths.get(a[3]);
    long deadline = System.nanoTime() + Long.parseLong(a[4]) * 1_000_000_000L;
    ExecutorService pool = Executors.newCachedThreadPool();
    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    ticks.scheduleAtFixedRate(() -> pool.execute(() -> get(port, "/members", "m")), 0, membersNs, TimeUnit.NANOSECONDS);
    ticks.scheduleAtFixedRate(() -> pool.execute(() -> get(port, "/actuator/info", "i")), 0, infoNs, TimeUnit.NANOSECONDS);
    while (!Files.exists(stop) && System.nanoTime() < deadline) Thread.sleep(20);
    ticks.shutdownNow();
    pool.shutdown();
    pool.awaitTermination(8, TimeUnit.SECONDS);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(a[5])))) {
      lines.forEach(out::println);
    }
  }
}
JAVA
javac -d "$work" "$work/Load.java"

# under_load PATH OUT COMMAND...: runs COMMAND with the load on PATH's api port (from 2 s before it
# to 3 s after it); writes "t0 t1 exit" to OUT.span and the requests to OUT.
under_load() {
  local path="$1" out="$2"; shift 2
  rm -f "$work/load.stop"
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$work" Load "${port[$path]}" 50 20 "$work/load.stop" 900 "$out" &
  local loader=$!
  sleep 2
  local t0 t1 code=0 load; load=$(cut -d' ' -f1 /proc/loadavg); t0=$(now)
  "$@" || code=$?
  t1=$(now)
  sleep 3
  touch "$work/load.stop"; wait "$loader"
  echo "$t0 $t1 $code $load" > "$out.span"
}

# summary OUT RELEASE: "failed total outage_s first_RELEASE_s command_s exit" for the window of OUT.
summary() {
  local out="$1" release="$2" t0 t1 code load gap
  read -r t0 t1 code load < "$out.span"
  # The longest gap between completions of successful /members requests that overlaps the window
  # [t0, t1 + 3]; the window's end counts as a success, so an outage lasting past it still shows.
  gap=$( { awk '$1 == "m" && $4 == 200 { print $3 }' "$out"; awk -v t="$t1" 'BEGIN { printf "%.3f\n", t + 3 }'; } \
    | sort -n | awk -v t0="$t0" -v w1="$(awk -v t="$t1" 'BEGIN { printf "%.3f", t + 3 }')" '
      NR > 1 && $1 >= t0 && prev <= w1 && $1 - prev > gap { gap = $1 - prev }
      { prev = $1 } END { printf "%.2f", gap + 0 }')
  awk -v t0="$t0" -v t1="$t1" -v rel="$release" -v code="$code" -v gap="$gap" -v load="$load" '
    BEGIN { w1 = t1 + 3; first = -1 }
    $1 == "m" && $2 >= t0 && $2 <= w1 { total++; if ($4 != 200) failed++ }
    $1 == "i" && $2 >= t0 && $4 == 200 && $5 == rel && (first < 0 || $3 < first) { first = $3 }
    END { printf "%d %d %s %s %.2f %d %s\n", failed + 0, total + 0, gap, (first < 0 ? "never" : sprintf("%.2f", first - t0)), t1 - t0, code, load }' "$out"
}

# The image, built once outside the measurements (docker-compose uses it with --no-build).
deployer zdrc deploy --config "$work/v1.yaml" || { log "warm-up deploy failed, see $LOGS/zdrc.log"; exit 1; }
deployer zdrc down --config "$work/v1.yaml" --volumes

# verified_after SPAN REPORT: seconds from the command's start to the end of the rollback's last
# check (the report's start plus its steps up to "verify endpoints"), or "-".
verified_after() {
  [ -f "${2:-}" ] || { echo -; return; }
  python3 - "$1" "$2" <<'PY'
import datetime, json, re, sys
t0 = float(open(sys.argv[1]).read().split()[0])
report = json.load(open(sys.argv[2]))
def seconds(iso):
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso)
    return int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60 + float(m.group(3) or 0)
at = datetime.datetime.fromisoformat(report["started"].replace("Z", "+00:00")).timestamp()
for entry in report["timeline"]:
    at += seconds(entry["duration"])
    if entry["step"] == "verify endpoints":
        print(f"{at - t0:.2f}")
        break
else:
    print("-")
PY
}

declare -A result
measure_path() {
  local p="$1" env="zd$1"
  log "$p: v1, then v2 under load, then back to v1 under load"
  if [ "$p" = dc ]; then
    dc v1 down -v || true
    dc_release v1
    for name in Ada Grace Linus; do curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "{\"name\":\"$name\"}" "http://127.0.0.1:${port[$p]}/members"; done
    under_load "$p" "$LOGS/$p-deploy.out" dc_release v2
    under_load "$p" "$LOGS/$p-rollback.out" dc_release v1
  else
    if [ "$p" = sw ] && [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
      docker swarm init --advertise-addr 127.0.0.1 >/dev/null
      started_swarm=1
    fi
    deployer "$env" down --config "$work/v1.yaml" --volumes || true
    deployer "$env" deploy-and-verify --config "$work/v1.yaml" || { log "$p: deploy of v1 failed, see $LOGS/$env.log"; return 1; }
    for name in Ada Grace Linus; do curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "{\"name\":\"$name\"}" "http://127.0.0.1:${port[$p]}/members"; done
    under_load "$p" "$LOGS/$p-deploy.out" deployer "$env" deploy-and-verify --config "$work/v2.yaml"
    under_load "$p" "$LOGS/$p-rollback.out" deployer "$env" rollback --config "$work/v2.yaml" --yes --reason zdbench
    cp "$work/state/$env/reports/rollback/"*.json "$LOGS/" 2>/dev/null || true
    result[$p,verified]=$(verified_after "$LOGS/$p-rollback.out.span" \
      "$(ls -t "$work/state/$env/reports/rollback/"*.json 2>/dev/null | head -1)")
  fi
  result[$p,deploy]=$(summary "$LOGS/$p-deploy.out" v2)
  result[$p,rollback]=$(summary "$LOGS/$p-rollback.out" v1)
  log "$p deploy:   ${result[$p,deploy]}   (failed total outage_s first_v2_s command_s exit load)"
  log "$p rollback: ${result[$p,rollback]}   (failed total outage_s first_v1_s command_s exit load)"
  if [ "$p" = dc ]; then dc v1 down -v || true; else deployer "$env" down --config "$work/v1.yaml" --volumes || true; fi
}

for p in $paths; do measure_path "$p" || result[$p,deploy]="error"; done

# Part 2: cold deploy and no-change redeploy, interleaved per run.
rc_cold=() rc_nochange=() px_cold=() px_nochange=() dc_cold=() dc_nochange=()
if [ "${SKIP_COLD:-0}" != 1 ]; then
  for i in $(seq 1 "$runs"); do
    for env in zdrc zdpx; do
      deployer "$env" down --config "$work/v1.yaml" --volumes || true
      t=$(now); deployer "$env" deploy --config "$work/v1.yaml"; cold=$(elapsed "$t")
      t=$(now); deployer "$env" deploy --config "$work/v1.yaml"; nochange=$(elapsed "$t")
      deployer "$env" down --config "$work/v1.yaml" --volumes
      if [ "$env" = zdrc ]; then rc_cold+=("$cold") rc_nochange+=("$nochange"); else px_cold+=("$cold") px_nochange+=("$nochange"); fi
    done
    dc v1 down -v || true
    t=$(now); dc_release v1; dc_cold+=("$(elapsed "$t")")
    t=$(now); dc_release v1; dc_nochange+=("$(elapsed "$t")")
    dc v1 down -v
    log "run $i: cold recreate ${rc_cold[-1]} s, proxy ${px_cold[-1]} s, docker-compose ${dc_cold[-1]} s;" \
        "no-change recreate ${rc_nochange[-1]} s, proxy ${px_nochange[-1]} s, docker-compose ${dc_nochange[-1]} s"
  done
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
load_max="$(sort -k2,2n "$LOGS/loadavg.log" | tail -1 | cut -d' ' -f2)"
echo
echo "zero-downtime bench, $started_at to $(date -u +%H:%M:%SZ), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-?}"), load average before $load_before, after $load_after, highest 1-min sample $load_max"
echo
label() { case "$1" in rc) echo "deployer, recreate (proxy off)";; dc) echo "docker-compose up -d";;
  px) echo "deployer, blue/green (proxy on)";; sw) echo "deployer --target swarm, start-first";; esac; }
echo "| path | deploy v1→v2: failed/total | outage s | v2 first served s | command s (exit) | rollback v2→v1: failed/total | outage s | v1 first served s | v1 verified s | command s (exit) | load at starts |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for p in $paths; do
  if [ "${result[$p,deploy]:-error}" = error ]; then echo "| $(label "$p") | error, see $LOGS ||||||||| "; continue; fi
  read -r df dt dg dfirst dcmd dcode dload <<< "${result[$p,deploy]}"
  read -r rf rt rg rfirst rcmd rcode rload <<< "${result[$p,rollback]}"
  echo "| $(label "$p") | $df/$dt | $dg | $dfirst | $dcmd ($dcode) | $rf/$rt | $rg | $rfirst | ${result[$p,verified]:--} | $rcmd ($rcode) | $dload, $rload |"
done
if [ "${SKIP_COLD:-0}" != 1 ]; then
  echo
  echo "| measurement ($runs runs) | min s | median s | max s |"
  echo "| --- | ---: | ---: | ---: |"
  row "cold deploy to healthy: deployer deploy, recreate (proxy off)" "${rc_cold[@]}"
  row "cold deploy to healthy: deployer deploy, blue/green (proxy on)" "${px_cold[@]}"
  row "cold deploy to healthy: docker-compose up -d + poll" "${dc_cold[@]}"
  row "no-change redeploy: deployer deploy, recreate (proxy off)" "${rc_nochange[@]}"
  row "no-change redeploy: deployer deploy, blue/green (proxy on)" "${px_nochange[@]}"
  row "no-change redeploy: docker-compose up -d (+ poll)" "${dc_nochange[@]}"
  echo
  echo "run by run: recreate cold ${rc_cold[*]}, no-change ${rc_nochange[*]}; proxy cold ${px_cold[*]}, no-change ${px_nochange[*]}; docker-compose cold ${dc_cold[*]}, no-change ${dc_nochange[*]}"
fi
