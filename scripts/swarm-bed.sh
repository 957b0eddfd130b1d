#!/usr/bin/env bash
# A multi-node swarm on this one machine, for the tests: the host engine is the manager, and
# SWARM_BED_WORKERS (2) Docker engines in containers on a network of their own join it as workers.
#
#   scripts/swarm-bed.sh up     # idempotent; prints nothing on standard output
#   scripts/swarm-bed.sh down   # the workers leave and go; the host's swarm mode is put back as it was
#
# What this machine allows, and how the bed gets around it:
# - `docker run --privileged` fails ("unable to apply caps: operation not permitted"): the host's
#   capability bounding set lacks CAP_SYS_RESOURCE. A worker gets every other capability, no seccomp
#   or AppArmor profile, unmasked /proc and /sys, every device, and the host's cgroup hierarchy.
# - The kernel has no IPVS, so the routing mesh does not publish ports. The registry (registry:2,
#   a stand-in from Debian's docker-registry where none can be pulled) runs as a swarm service on
#   the manager with its port bound there (host mode), and each worker forwards its own
#   127.0.0.1:5000 to it, so `127.0.0.1:5000/name@digest` pulls on every node (dockerd trusts
#   127.0.0.0/8 without TLS).
# - The manager must advertise an address the workers reach: the gateway of the bed's network.
#   A swarm the host had before (say, advertised on 127.0.0.1 for single-node tests) is replaced,
#   and put back by `down`; the prior state is kept as a label of the bed's network.
#
# Node labels: the first worker carries deployer.db=true (where the stack's config pins the db); the
# manager does with SWARM_BED_WORKERS=0.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[swarm-bed] %s\n' "$*" >&2; }
source "$here/lib.sh"

NODE_IMAGE=deployer-swarm-node:bookworm
REGISTRY_IMAGE="${SWARM_BED_REGISTRY_IMAGE:-registry:2}"
NETWORK=deployer-swarm-bed
PREFIX=deployer-swarm-bed-
REGISTRY_SERVICE=deployer-registry
REGISTRY_PORT=5000
WORKERS="${SWARM_BED_WORKERS:-2}"
PRIOR_LABEL=deployer.swarm-bed.prior

build_node() {
  local work; work="$(mktemp -d)"
  debian_rootfs "$work/rootfs.tar" --include=docker.io,iptables,ca-certificates,socat \
    --dpkgopt='path-exclude=/usr/share/man/*'
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["dockerd"]' "$work/rootfs.tar" "$NODE_IMAGE" >/dev/null
  rm -rf "$work"
}

swarm_state() { docker info --format '{{.Swarm.LocalNodeState}}'; }
swarm_addr() { docker info --format '{{.Swarm.NodeAddr}}'; }
gateway() { docker network inspect -f '{{(index .IPAM.Config 0).Gateway}}' "$NETWORK"; }
worker() { echo "$PREFIX$1"; }
in_worker() { local name="$1"; shift; docker exec "$name" docker "$@"; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND once a second until it succeeds.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  for _ in $(seq 1 "$seconds"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  log "$what: not ready after ${seconds}s"
  return 1
}

ensure_network() {
  docker network inspect "$NETWORK" >/dev/null 2>&1 && return
  local prior=inactive
  if [ "$(swarm_state)" = active ]; then prior="$(swarm_addr)"; fi
  docker network create --driver bridge --label "$PRIOR_LABEL=$prior" "$NETWORK" >/dev/null
  log "network $NETWORK created (host swarm before the bed: $prior)"
}

# The host's swarm, advertised on the bed network's gateway.
ensure_manager() {
  local gw; gw="$(gateway)"
  if [ "$(swarm_state)" = active ]; then
    [ "$(swarm_addr)" = "$gw" ] && return
    if [ -n "$(docker service ls -q)" ]; then
      log "the host's swarm advertises $(swarm_addr) and runs services; the bed needs it on $gw."
      log "remove them (docker service ls) or leave the swarm first"
      exit 1
    fi
    log "the host's swarm advertises $(swarm_addr), which the workers cannot reach: leaving it"
    leave_swarm
  fi
  docker swarm init --advertise-addr "$gw" >/dev/null
  log "swarm initialised on $gw"
}

ensure_worker() {
  local name="$1" gw="$2"
  if [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
    if docker inspect "$name" >/dev/null 2>&1; then
      docker start "$name" >/dev/null
    else
      docker run -d --name "$name" --hostname "$name" --network "$NETWORK" \
        --cap-add ALL --cap-drop SYS_RESOURCE --device-cgroup-rule 'a *:* rwm' \
        --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
        --security-opt systempaths=unconfined \
        -v /sys/fs/cgroup:/sys/fs/cgroup -v "$name:/var/lib/docker" \
        --label deployer.swarm-bed=true \
        "$NODE_IMAGE" sh -c "rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
          socat TCP-LISTEN:$REGISTRY_PORT,fork,reuseaddr,bind=127.0.0.1 TCP:$gw:$REGISTRY_PORT &
          exec dockerd --log-level warn --cgroup-parent /$name" >/dev/null
    fi
    log "worker $name started"
  fi
  wait_for 60 "engine in $name" in_worker "$name" info
  local state; state="$(in_worker "$name" info --format '{{.Swarm.LocalNodeState}}')"
  if [ "$state" = active ] && in_worker "$name" info --format '{{range .Swarm.RemoteManagers}} {{.Addr}}{{end}}' \
      | grep -q " $gw:2377"; then
    return
  fi
  # A worker of a swarm the host no longer has (it was re-initialised): leave it first.
  [ "$state" = inactive ] || in_worker "$name" swarm leave --force >/dev/null 2>&1 || true
  in_worker "$name" swarm join --token "$(docker swarm join-token -q worker)" "$gw:2377" >/dev/null
  log "worker $name joined"
}

node_id() { in_worker "$1" info --format '{{.Swarm.NodeID}}'; }
node_ready() { [ "$(docker node inspect -f '{{.Status.State}}' "$(node_id "$1")" 2>/dev/null)" = ready ]; }

ensure_registry() {
  if ! docker service inspect "$REGISTRY_SERVICE" >/dev/null 2>&1; then
    docker service create -d --name "$REGISTRY_SERVICE" --label deployer.swarm-bed=true \
      --constraint node.role==manager \
      --publish "mode=host,published=$REGISTRY_PORT,target=5000" \
      --mount "type=volume,source=$REGISTRY_SERVICE,target=/var/lib/registry" \
      "$REGISTRY_IMAGE" >/dev/null 2>&1
    log "registry service $REGISTRY_SERVICE created"
  fi
  wait_for 60 "registry on 127.0.0.1:$REGISTRY_PORT" curl -fsS -m 2 "http://127.0.0.1:$REGISTRY_PORT/v2/"
}

up() {
  build_missing "$NODE_IMAGE" build_node
  build_missing "$REGISTRY_IMAGE" build_registry "$REGISTRY_IMAGE"
  ensure_network
  ensure_manager
  local gw; gw="$(gateway)"
  for i in $(seq 1 "$WORKERS"); do ensure_worker "$(worker "$i")" "$gw"; done
  for i in $(seq 1 "$WORKERS"); do wait_for 60 "node $(worker "$i")" node_ready "$(worker "$i")"; done
  # A worker that rejoined left its old node entry behind, down.
  for id in $(docker node ls -q); do
    if [[ "$(docker node inspect -f '{{.Status.State}} {{.Description.Hostname}}' "$id")" = "down $PREFIX"* ]]; then
      docker node rm --force "$id" >/dev/null
    fi
  done
  # With no workers (SWARM_BED_WORKERS=0: the same bed on one node, for comparisons), the manager holds the db.
  local db_node; db_node="$(docker info --format '{{.Swarm.NodeID}}')"
  [ "$WORKERS" -gt 0 ] && db_node="$(node_id "$(worker 1)")"
  docker node update --label-add deployer.db=true "$db_node" >/dev/null
  ensure_registry
  log "up: $(docker node ls --format '{{.Hostname}}' | paste -sd ' ') (registry 127.0.0.1:$REGISTRY_PORT)"
}

down() {
  local prior=inactive
  if docker network inspect "$NETWORK" >/dev/null 2>&1; then
    prior="$(docker network inspect -f "{{index .Labels \"$PRIOR_LABEL\"}}" "$NETWORK")"
  fi
  if docker service inspect "$REGISTRY_SERVICE" >/dev/null 2>&1; then
    docker service rm "$REGISTRY_SERVICE" >/dev/null
    wait_for 30 "registry task gone" sh -c "! docker ps -q --filter label=com.docker.swarm.service.name=$REGISTRY_SERVICE | grep -q ."
  fi
  for name in $(docker ps -a --filter label=deployer.swarm-bed=true --format '{{.Names}}'); do
    docker rm -f "$name" >/dev/null
    docker volume rm "$name" >/dev/null 2>&1 || true
    log "worker $name removed"
  done
  if [ "$(swarm_state)" = active ] && [ "$(docker info --format '{{.Swarm.ControlAvailable}}')" = true ]; then
    for id in $(docker node ls -q); do
      if [[ "$(docker node inspect -f '{{.Description.Hostname}}' "$id")" = "$PREFIX"* ]]; then
        docker node rm --force "$id" >/dev/null
      fi
    done
  fi
  docker volume rm "$REGISTRY_SERVICE" >/dev/null 2>&1 || true
  restore_swarm "$prior"
  docker network rm "$NETWORK" >/dev/null 2>&1 || true
  log "down: host swarm $(swarm_state)${prior:+ (was $prior)}"
}

# Leaves the host's swarm the way `deployer swarm leave` does (moby#45144); with the jar as it is, as
# a build in the middle of a test's own build would clash with it.
leave_swarm() {
  if [ -f "$here/../deployer/target/deployer.jar" ]; then
    "$here/deployer" swarm leave --force --env local >/dev/null
  else
    "$here/swarm-leave.sh" >/dev/null
  fi
}

# Puts the host's swarm mode back as it was before `up`: none, or a single node on its old address.
restore_swarm() {
  local prior="$1" gw=""
  docker network inspect "$NETWORK" >/dev/null 2>&1 && gw="$(gateway)"
  [ "$(swarm_state)" = active ] || { [ "$prior" = inactive ] && return; }
  if [ "$(swarm_state)" = active ]; then
    if [ "$(swarm_addr)" != "$gw" ]; then return; fi   # not the bed's swarm: someone else's now
    leave_swarm
  fi
  if [ "$prior" != inactive ] && [ -n "$prior" ]; then
    docker swarm init --advertise-addr "$prior" >/dev/null
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
