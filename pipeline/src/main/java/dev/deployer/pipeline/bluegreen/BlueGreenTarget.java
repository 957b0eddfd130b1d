package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.pipeline.ComposeTarget;
import dev.deployer.pipeline.ContainerChanges;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.DeployTarget;
import dev.deployer.pipeline.LoadedStack;
import dev.deployer.pipeline.PreDeployChecksStep;
import dev.deployer.pipeline.RemoveStackStep;
import dev.deployer.pipeline.StartServicesStep;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.VerifyEndpointsStep;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Containers on one engine with zero-downtime releases: an HAProxy edge owns the host ports of the
 * routed services (the {@code proxy} section), each of which runs as a blue and a green container.
 * A release starts in the idle color beside the serving one, is verified through the edge's
 * preview port, then takes the traffic; the old color stays warm, so a rollback is a switch back.
 * Services not routed (the database, the cache) are never duplicated: they are the compose
 * target's, replaced in place when they change.
 */
public final class BlueGreenTarget implements DeployTarget {

  private final Edge edge;
  private final Colors colors = new Colors();

  BlueGreenTarget(Edge edge) {
    this.edge = edge;
  }

  @Override
  public String name() {
    return ComposeTarget.NAME;
  }

  @Override
  public Step preDeployChecks(boolean lock) {
    return new PreDeployChecksStep(lock, edge.settings().image());
  }

  @Override
  public Step startServices(StartMode mode) {
    colors.rollingBack(mode == StartMode.ROLLBACK);
    return new StartServicesStep(mode == StartMode.DEPLOY, new ColorRollout(edge, colors));
  }

  @Override
  public Step waitForHealthy() {
    return new EdgeWaitStep(edge, colors);
  }

  @Override
  public Step verifyEndpoints() {
    return new VerifyEndpointsStep();
  }

  @Override
  public Step switchTraffic() {
    return new SwitchTrafficStep(edge, colors);
  }

  @Override
  public Step removeRolledBack() {
    return new RemoveRolledBackStep(edge, colors);
  }

  @Override
  public Step remove(boolean volumes) {
    return new RemoveStackStep(volumes);
  }

  /**
   * A routed service's containers are those of one color: the one this run started, else the one
   * that serves; this run's color is reached through the edge's preview port.
   */
  @Override
  public StackContainers containers(LoadedStack stack, ContainerEngine engine) {
    String project = stack.project().name();
    return new StackContainers(ComposeLabels.project(project), service -> {
      Map<String, String> labels = new TreeMap<>(ComposeLabels.service(project, service));
      if (edge.routes(service)) {
        color(engine, service).ifPresent(color -> labels.put(EdgeContainer.COLOR_LABEL, color.id()));
      }
      return labels;
    }, service -> true, service -> !edge.routes(service),
        service -> colors.candidate(service) == null ? Optional.empty() : edge.previewEndpoint(engine, service));
  }

  /** The color verify and monitor look at: this run's, else the serving one. */
  Optional<Color> color(ContainerEngine engine, String service) {
    return Optional.ofNullable(colors.candidate(service)).or(() -> edge.serving(engine, service));
  }

  @Override
  public java.util.List<String> traffic(DeployContext context) {
    return new WarmWindow(edge).describe(context);
  }

  @Override
  public void expire(DeployContext context) {
    new WarmWindow(edge).expire(context);
  }

  /** Nothing changes when every routed service's serving color runs its wanted configuration, and the rest too. */
  @Override
  public boolean changesNothing(DeployContext context) {
    ContainerEngine engine = context.engine();
    if (edge.container(engine).filter(c -> EdgeReload.change(engine, edge.spec(), c) == EdgeReload.Change.NONE)
        .isEmpty()) {
      return false;
    }
    for (ComposeService service : context.project().services().values()) {
      if (!edge.routes(service.name())) {
        continue;
      }
      String hash = ContainerChanges.configHash(context, service);
      Optional<ContainerInfo> serving = edge.serving(engine, service.name())
          .flatMap(color -> engine.container(edge.colorContainerName(service.name(), color)));
      if (serving.filter(ContainerInfo::running).filter(c -> hash.equals(c.label(ComposeLabels.CONFIG_HASH))).isEmpty()) {
        return false;
      }
    }
    return ContainerChanges.changesNothing(context, edge::routes);
  }

  /** Registers the target (META-INF/services): the compose target of an environment whose proxy is enabled. */
  public static final class Factory implements DeployTarget.Factory {

    @Override
    public String name() {
      return ComposeTarget.NAME;
    }

    @Override
    public boolean handles(LoadedStack.Settings settings) {
      return settings.config().proxy().enabled();
    }

    @Override
    public DeployTarget create(LoadedStack.Settings settings) {
      return new BlueGreenTarget(new Edge(settings.project(), settings.config().proxy()));
    }
  }
}
