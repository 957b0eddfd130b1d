#!/usr/bin/env bash
# Builds the deployer jar and the app jar when a source is newer than them; fast when nothing changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

jars=(deployer/target/deployer.jar app/target/scheduler-app.jar)
stale=0
for jar in "${jars[@]}"; do
  if [ ! -f "$jar" ]; then stale=1; break; fi
  if [ -n "$(find pom.xml app deployer infrastructure monitor rollback -path '*/target' -prune -o -type f -newer "$jar" -print -quit)" ]; then
    stale=1; break
  fi
done
if [ "$stale" -eq 1 ]; then
  echo "[build] building the deployer and the app" >&2
  mvn -B -q package -DskipTests
fi
