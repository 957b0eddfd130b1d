#!/usr/bin/env bash
# Builds the deployer jar and the app jar when a source is newer than them; fast when nothing changed.
# Then, for a new deployer jar, a class-data archive of the classes a stack command loads
# (deployer/target/deployer.jsa), which scripts/deployer uses to start about a second sooner.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

jars=(deployer/target/deployer.jar app/target/scheduler-app.jar)
stale=0
for jar in "${jars[@]}"; do
  if [ ! -f "$jar" ]; then stale=1; break; fi
  if [ -n "$(find pom.xml app deployer pipeline infrastructure monitor rollback -path '*/target' -prune -o -type f -newer "$jar" -print -quit)" ]; then
    stale=1; break
  fi
done
if [ "$stale" -eq 1 ]; then
  echo "[build] building the deployer and the app" >&2
  # The commit goes into the jar for `deployer --version`; "-dirty" when the sources differ from it.
  commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  if [ "$commit" != unknown ] && ! git diff --quiet HEAD -- pom.xml app deployer infrastructure monitor rollback 2>/dev/null; then
    commit="$commit-dirty"
  fi
  mvn -B -q package -DskipTests -Dgit.commit="$commit"
fi

archive=deployer/target/deployer.jsa
if [ ! -f "$archive" ] || [ deployer/target/deployer.jar -nt "$archive" ]; then
  # `status` reads the config, compose.yaml and the ledger and asks the engine, changing nothing;
  # its exit code does not matter here (no engine, no stack), the classes it loaded do.
  # The archive records the jar's path as given: an absolute one, so scripts/deployer can use it
  # from any working directory (a relative one is refused, with a warning, from anywhere else).
  rm -f "$archive" "$archive.jar"
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$root/$archive" \
    -jar "$root/deployer/target/deployer.jar" \
    status --env local --state-dir "$root/deployer/target/cds-training" >/dev/null 2>&1 || true
  [ -f "$archive" ] && printf '%s\n' "$root/deployer/target/deployer.jar" > "$archive.jar"
  [ -f "$archive" ] && echo "[build] class-data archive $archive" >&2 || echo "[build] no class-data archive; the deployer starts without one" >&2
fi
