#!/usr/bin/env bash
# Deploys and verifies the stack: sets up the engine and images, builds the toolkit and the app
# when their sources changed, then runs `deployer deploy-and-verify` with the arguments given
# (default --env local). The exit code is the deployer's (see `deployer --help`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"

exec "$root/scripts/deployer" deploy-and-verify "$@"
