#!/usr/bin/env bash
# Runs every test: unit tests (no Docker) and the *IT tests against the real engine.
# Sets up the engine and images first, so it works on a fresh machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"
exec mvn -B verify "$@"
