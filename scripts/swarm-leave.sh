#!/usr/bin/env bash
# Leaves swarm mode, also as the last manager (which removes every Swarm service), and gives running
# containers back their names on their bridge networks: leaving a swarm drops the embedded DNS
# records of containers that were already running (moby/moby#45144), so a Compose stack from before
# the swarm would no longer find its own services. `deployer swarm leave --force` does both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/build.sh"
exec "$root/scripts/deployer" swarm leave --force --env local "$@"
