#!/usr/bin/env bash
# Rolls an environment back to an earlier verified release: `deployer rollback` with the arguments
# given, e.g.
#   scripts/rollback.sh --env staging                      # to the verified release before the current one
#   scripts/rollback.sh --env production --to RELEASE --yes
#   scripts/rollback.sh --env production --approve ID      # a pending request from the monitor
#   scripts/rollback.sh --env local --restore-data --yes   # also restore the pre-deploy database dump
# It shows the plan first; production asks for confirmation unless --yes. The exit code is the
# deployer's: 0 rolled back, 2 nothing to roll back to or not confirmed, 4 rollback failed
# (operator needed), 6 a deploy holds the lock.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# A rollback must not wait for a rebuild: build the toolkit only if there is none yet.
if [[ ! -f "$root/deployer/target/deployer.jar" ]]; then
  "$root/scripts/setup.sh"
  "$root/scripts/build.sh"
fi

exec "$root/scripts/deployer" rollback "$@"
