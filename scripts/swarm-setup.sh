#!/usr/bin/env bash
# Makes this machine ready for the swarm target's edge proxy (deployment_config.yaml,
# swarm.publish: edge): the image haproxy:2.6, pulled, or where no registry answers built
# as a stand-in from Debian bookworm's HAProxy 2.6. An image that exists is never replaced.
# Run scripts/setup.sh first (engine, mmdebstrap). Does not touch swarm mode.
set -euo pipefail

image="${1:-haproxy:2.6}"
log() { printf '[swarm-setup] %s\n' "$*" >&2; }

if docker image inspect "$image" >/dev/null 2>&1; then
  log "image $image present"
  exit 0
fi
if timeout 30 docker pull -q "$image" >/dev/null 2>&1; then
  log "image $image pulled"
  exit 0
fi
command -v mmdebstrap >/dev/null 2>&1 || { log "mmdebstrap is missing; run scripts/setup.sh"; exit 1; }

log "building stand-in for $image (HAProxy from Debian bookworm)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mmdebstrap --quiet --variant=apt --include=haproxy \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
  --customize-hook='mkdir -p "$1"/usr/local/etc/haproxy && cp "$1"/etc/haproxy/haproxy.cfg "$1"/usr/local/etc/haproxy/' \
  bookworm "$work/rootfs.tar" >&2
# Like the official image: its configuration in /usr/local/etc/haproxy, haproxy in the foreground.
docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]' \
  "$work/rootfs.tar" "$image" >/dev/null
log "image $image built"
