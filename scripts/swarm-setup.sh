#!/usr/bin/env bash
# Makes this machine ready for the swarm target's edge proxy (deployment_config.yaml,
# swarm.publish: edge): the image haproxy:2.6, pulled, or where no registry answers built
# as a stand-in from Debian bookworm's HAProxy 2.6 (lib.sh's build_haproxy, which
# scripts/setup.sh runs too). An image that exists is never replaced.
# Run scripts/setup.sh first (engine, mmdebstrap). Does not touch swarm mode.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${1:-haproxy:2.6}"
log() { printf '[swarm-setup] %s\n' "$*" >&2; }

source "$here/lib.sh"

pull_missing "$image"
image_exists "$image" && exit 0
command -v mmdebstrap >/dev/null 2>&1 || { log "mmdebstrap is missing; run scripts/setup.sh"; exit 1; }
build_missing "$image" build_haproxy "$image"
