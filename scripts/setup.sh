#!/usr/bin/env bash
# Makes this machine ready to run the stack and the tests: a Docker engine that
# answers, and every image the stack and the tests need. Idempotent: an engine
# that already runs is left alone and an image that exists is never replaced.
# Images that are missing and cannot be pulled are built as local stand-ins
# from Debian packages (this machine has no registry).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
standins="$here/standins"
log() { printf '[setup] %s\n' "$*" >&2; }

source "$here/lib.sh"

need_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

ensure_engine() {
  if engine_answers; then
    log "engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
    return
  fi
  if [ -n "${DOCKER_HOST:-}" ] && [[ "$DOCKER_HOST" != unix://* ]]; then
    log "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine in its place"
    exit 5
  fi
  # A dockerd that is still starting or still shutting down holds its pid file: a second one would
  # refuse to start. Wait for it to answer or to be gone.
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "a dockerd process runs but does not answer yet; waiting for it"
    for _ in $(seq 1 60); do
      engine_answers && { log "engine ready"; return; }
      pgrep -x dockerd >/dev/null 2>&1 || break
      sleep 1
    done
    if pgrep -x dockerd >/dev/null 2>&1; then
      log "dockerd runs but has not answered for 60 s; see /var/log/dockerd.log"
      exit 5
    fi
  fi
  log "starting dockerd"
  as_root sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do
    engine_answers && { log "engine ready"; return; }
    sleep 1
  done
  log "dockerd did not answer within 60 s; see /var/log/dockerd.log"
  tail -n 20 /var/log/dockerd.log >&2 || true
  exit 5
}

BASE=deployer-standin-base:bookworm

# The Debian base the stand-ins share (essential packages and apt), made once: a root file system
# costs about a minute of CPU here, and the stand-ins then install only their own packages on it,
# side by side, in layers of their own.
ensure_base() {
  if image_exists "$BASE"; then return; fi
  local work; work="$(mktemp -d)"
  debian_rootfs "$work/rootfs.tar"
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$work/rootfs.tar" "$BASE" >/dev/null
  rm -rf "$work"
}

# debian_image NAME PACKAGES [Dockerfile-instruction...]: a stand-in built from Debian bookworm,
# FROM the shared base with apt in a docker build; where a build cannot reach the Debian mirror
# (a container network without it), from a root file system of its own instead.
debian_image() {
  local name="$1" packages="$2"; shift 2
  local work; work="$(mktemp -d)"
  local entrypoint="$standins/${name%%:*}/docker-entrypoint.sh"
  {
    echo "FROM $BASE"
    echo "RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages//,/ } >/dev/null" \
      '&& rm -rf /var/lib/apt/lists/* /var/cache/apt/*'
    if [ -f "$entrypoint" ]; then
      install -m 0755 "$entrypoint" "$work/docker-entrypoint.sh"
      echo 'COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh'
    fi
    printf '%s\n' "$@"
  } > "$work/Dockerfile"
  if ! DOCKER_BUILDKIT=0 docker build -q -t "$name" "$work" >"$work/build.log" 2>&1; then
    log "$name: docker build from $BASE failed ($(tail -n 1 "$work/build.log")); building its own root file system"
    local hooks=()
    if [ -f "$entrypoint" ]; then
      hooks+=(--customize-hook="copy-in $entrypoint /usr/local/bin")
      hooks+=(--customize-hook='chmod 0755 "$1/usr/local/bin/docker-entrypoint.sh"')
    fi
    debian_rootfs "$work/rootfs.tar" --include="$packages" "${hooks[@]}"
    local changes=(-c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
    for c in "$@"; do changes+=(-c "$c"); done
    docker import "${changes[@]}" "$work/rootfs.tar" "$name" >/dev/null
  fi
  rm -rf "$work"
}

build_jre() {
  debian_image eclipse-temurin:17-jre openjdk-17-jre-headless,curl,ca-certificates \
    'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64'
}

build_postgres() {
  debian_image postgres:15 postgresql-15,util-linux \
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV PGDATA=/var/lib/postgresql/data' \
    'ENV LANG=C.UTF-8' \
    'VOLUME /var/lib/postgresql/data' \
    'EXPOSE 5432' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'CMD ["postgres"]'
}

build_redis() {
  debian_image redis:7 redis-server,util-linux \
    'WORKDIR /data' \
    'VOLUME /data' \
    'EXPOSE 6379' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'CMD ["redis-server"]'
}

build_alpine() {
  # Testcontainers only runs a shell in it; a static busybox with its applets is enough.
  local work; work="$(mktemp -d)"
  mkdir -p "$work/root/bin" "$work/root/tmp" "$work/root/etc"
  cp /bin/busybox "$work/root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$work/root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$work/root/etc/passwd"
  tar -C "$work/root" -cf "$work/rootfs.tar" .
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["/bin/sh"]' "$work/rootfs.tar" alpine:3.17 >/dev/null
  rm -rf "$work"
}

need_packages
ensure_engine

# Pulls first, side by side: on a machine with a registry nothing is built. Then the shared base,
# when a Debian stand-in is still missing, and the builds, which are independent, side by side,
# failing if any failed.
declare -A builders=([eclipse-temurin:17-jre]=build_jre [postgres:15]=build_postgres [redis:7]=build_redis
                     [alpine:3.17]=build_alpine [haproxy:2.6]=build_haproxy)
pids=()
for image in "${!builders[@]}"; do pull_missing "$image" & pids+=($!); done
wait "${pids[@]}"
for image in eclipse-temurin:17-jre postgres:15 redis:7; do
  if ! image_exists "$image"; then ensure_base; break; fi
done
pids=()
for image in "${!builders[@]}"; do build_missing "$image" "${builders[$image]}" & pids+=($!); done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ "$status" -eq 0 ] || { log "an image could not be built"; exit 1; }
log "ready"
