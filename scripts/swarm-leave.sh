#!/usr/bin/env bash
# Leaves swarm mode and gives running containers back their names on their bridge networks:
# leaving a swarm drops the embedded DNS records of containers that were already running
# (moby/moby#45144), so a Compose stack from before the swarm would no longer find its own
# services. Each container is reconnected to each user-defined network with its aliases.
# (The Java side does the same in DockerSwarmEngine.leave.)
set -euo pipefail
docker swarm leave --force >/dev/null
for container in $(docker ps -q); do
  for network in $(docker inspect -f '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}' "$container"); do
    case "$network" in bridge|host|none|docker_gwbridge) continue ;; esac
    aliases=()
    for alias in $(docker inspect -f "{{range (index .NetworkSettings.Networks \"$network\").Aliases}}{{.}} {{end}}" "$container"); do
      [[ "$container" == "$alias"* ]] || aliases+=(--alias "$alias")
    done
    docker network disconnect "$network" "$container"
    docker network connect "${aliases[@]}" "$network" "$container"
  done
done
