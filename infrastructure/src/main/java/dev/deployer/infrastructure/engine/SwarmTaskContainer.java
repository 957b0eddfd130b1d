package dev.deployer.infrastructure.engine;

import java.util.List;

/**
 * A running Swarm task as its task spec describes it, for a task whose container runs on another
 * node's engine, which the manager cannot inspect: the settings its container was created with
 * ({@code settings.healthcheck} and {@code settings.entrypoint} are empty where the image's
 * apply), the image reference it runs (registry/name@digest) and the host-mode ports it binds on
 * its node. {@code node} is the node's hostname.
 */
public record SwarmTaskContainer(
    String taskId,
    String nodeId,
    String node,
    String containerId,
    String image,
    ContainerSettings settings,
    List<ContainerSpec.PublishedPort> ports) {

  public SwarmTaskContainer {
    ports = List.copyOf(ports);
  }
}
