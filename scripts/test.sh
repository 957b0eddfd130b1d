#!/usr/bin/env bash
# Runs every test: unit tests (no Docker) and the *IT tests against the real engine.
# Sets up the engine and images first, so it works on a fresh machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"
# Only the tests need a browser (the health page test renders it headless), so the stack's set-up
# does not wait for one.
if ! command -v chromium >/dev/null 2>&1; then
  printf '[test] installing chromium\n' >&2
  source "$root/scripts/lib.sh"
  apt_install chromium
fi
exec mvn -B verify "$@"
