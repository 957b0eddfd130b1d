package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.util.Optional;

/**
 * The compose target's start: every service replaced in place, once the blue/green edge that
 * deploys with the proxy on left is removed, as it holds the host ports the services now publish
 * themselves. Moving a stack off the edge is not zero-downtime, as moving it onto the edge is not.
 */
final class LeftoverEdge implements ServiceRollout {

  @Override
  public boolean handles(ComposeService service) {
    return false;
  }

  @Override
  public void prepare(DeployContext context) {
    find(context).ifPresent(edge -> {
      ContainerEngine engine = context.engine();
      engine.stopContainer(edge.id(), ContainerChanges.STOP_TIMEOUT);
      engine.removeContainer(edge.id());
      context.events().warning("start services", "the blue/green edge " + edge.name() + " removed: with the proxy"
          + " off the services publish their ports themselves (moving off the edge is not zero-downtime)");
    });
  }

  @Override
  public Started start(DeployContext context, ComposeService service, ContainerSpec spec, String configHash) {
    throw new UnsupportedOperationException(service.name());
  }

  /** The project's edge: named as the blue/green target names it, with no container number as services have. */
  static Optional<ContainerInfo> find(DeployContext context) {
    String project = context.project().name();
    return context.engine().container(EdgeContainer.containerName(project))
        .filter(c -> project.equals(c.label(ComposeLabels.PROJECT)))
        .filter(c -> EdgeContainer.SERVICE.equals(c.label(ComposeLabels.SERVICE)))
        .filter(c -> c.label(ComposeLabels.NUMBER) == null);
  }
}
