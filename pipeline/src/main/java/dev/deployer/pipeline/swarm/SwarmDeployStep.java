package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmServiceSpec;
import dev.deployer.infrastructure.swarm.EdgeProxy;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.infrastructure.swarm.SwarmServiceSpecs;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.ServiceGraph;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.VerifyEndpointsStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The swarm target's step 6: the stack's overlay networks, then one Swarm service per Compose
 * service (labelled like {@code docker stack deploy}, so {@code docker stack ps} shows it), then
 * the edge proxy. Services change along {@code depends_on} (which Swarm itself ignores): a service
 * changes once the services it depends on are ready, and services that do not depend on each other
 * change side by side, so a service that fails stops the deploy while the services that depend on
 * it still run their previous spec. A service whose spec is unchanged is left alone; a changed one
 * is updated by Swarm's own rolling update. A new service starts its replicas in batches of its
 * update parallelism, as an update would replace them: Swarm stops a task whose health check
 * fails, and a small node starting every replica at once can starve them all past their health
 * checks' patience.
 */
public final class SwarmDeployStep implements Step {

  private final Function<DeploymentConfig.DockerSettings, SwarmEngine> engines;
  private final boolean rollingBack;

  public SwarmDeployStep() {
    this(SwarmTarget.ENGINES);
  }

  public SwarmDeployStep(Function<DeploymentConfig.DockerSettings, SwarmEngine> engines) {
    this(engines, false);
  }

  /** {@code rollingBack}: services it updates go back the way their {@code rollback_config} says. */
  SwarmDeployStep(Function<DeploymentConfig.DockerSettings, SwarmEngine> engines, boolean rollingBack) {
    this.engines = engines;
    this.rollingBack = rollingBack;
  }

  @Override
  public String name() {
    return "start services";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ComposeProject project = context.project();
    SwarmSettings settings = context.stack().swarm();
    Instant since = Instant.now();
    try (SwarmEngine swarm = engines.apply(context.config().docker())) {
      SwarmPreDeployChecksStep.requireManager(swarm);
      for (Map.Entry<String, NetworkSpec> network : project.networks().entrySet()) {
        if (!network.getValue().external() && swarm.ensureNetwork(overlay(project.name(), network.getValue()))) {
          context.events().progress(name(), "overlay network " + network.getValue().name() + " created");
        }
      }
      StackFileObjects.ensure(swarm, project, line -> context.events().progress(name(), line));
      SwarmServiceWaiter waiter = new SwarmServiceWaiter(swarm, context.engine(), context.events(), name());
      RegistryImages images = new RegistryImages(context.engine(), settings.registry(), context.waitTimeout());
      ServiceGraph.run(project, (service, dependencies) -> {
        String imageName = context.images().get(service.name());
        SwarmServiceSpec spec = SwarmServiceSpecs.fromCompose(project, service,
            images.reference(context, name(), imageName, fullImageId(context, service.name())), imageName, settings,
            context.release());
        apply(context, swarm, waiter, since, service.name(), spec);
        waiter.await(List.of(spec.name()), since, SwarmServiceWaiter.timeout(context.waitTimeout(),
            spec.global() ? swarm.nodes().size() : spec.replicas(),
            spec.update() == null ? null : spec.update().parallelism()));
        return spec.name();
      });
      deployEdge(context, swarm, waiter, since, settings, images);
      StackFileObjects.removeUnused(swarm, project, project.name(),
          line -> context.events().progress(name(), line));
    }
  }

  /**
   * The file's network settings with the stack's labels; the overlay driver unless the file names
   * one; always attachable, as the stack's containers outside Swarm (reconnected by {@link
   * SwarmEngine#leave}) need it.
   */
  static NetworkConfig overlay(String stack, NetworkSpec spec) {
    Map<String, String> labels = new TreeMap<>(spec.labels());
    labels.putAll(SwarmLabels.stack(stack));
    return new NetworkConfig(spec.name(), spec.driver() == null ? "overlay" : spec.driver(), spec.driverOpts(), labels,
        spec.internal(), true);
  }

  private void deployEdge(DeployContext context, SwarmEngine swarm, SwarmServiceWaiter waiter, Instant since,
      SwarmSettings settings, RegistryImages images) throws PipelineException {
    ComposeProject project = context.project();
    List<EdgeProxy.Route> routes = settings.publish() == SwarmSettings.PublishMode.EDGE
        ? EdgeProxy.routes(project, settings, VerifyEndpointsStep.HEALTH_PATH, swarm.nodes().size()) : List.of();
    if (routes.isEmpty()) {
      Optional<SwarmService> stale = swarm.service(SwarmLabels.serviceName(project.name(), EdgeProxy.SERVICE));
      if (stale.isPresent()) {
        swarm.removeService(stale.get().id());
        context.events().progress(name(), "edge removed: nothing to publish through it");
      }
      return;
    }
    String image = settings.edgeImage();
    String imageId = context.engine().imageId(image).orElseThrow(() -> new PipelineException(
        PipelineException.Kind.DEPLOY_FAILED, "edge image " + image + " is missing; run scripts/swarm-setup.sh"));
    apply(context, swarm, waiter, since, EdgeProxy.SERVICE,
        EdgeProxy.spec(project, routes, images.reference(context, name(), image, imageId), image, context.release()));
  }

  /**
   * The service's image as {@code sha256:<64 hex>}: Swarm takes a short id for a repository name,
   * and with a full one it uses the local image without asking a registry first.
   */
  private static String fullImageId(DeployContext context, String service) throws PipelineException {
    String id = context.imageIds().get(service);
    Optional<String> full = id == null ? Optional.empty() : context.engine().imageId(id);
    return full.orElseThrow(() -> new PipelineException(PipelineException.Kind.DEPLOY_FAILED,
        "no image for service " + service + (id == null ? "" : " (" + id + " is gone)")));
  }

  /** Creates the service, updates it when its fingerprint changed, or leaves it. */
  private void apply(DeployContext context, SwarmEngine swarm, SwarmServiceWaiter waiter, Instant since,
      String service, SwarmServiceSpec spec) throws PipelineException {
    Optional<SwarmService> existing = swarm.service(spec.name());
    String action;
    if (existing.isEmpty()) {
      createInBatches(context, swarm, waiter, since, spec);
      action = "created";
    } else if (existing.get().global() != spec.global()) {
      // Swarm refuses to change a service's mode in an update.
      throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "service " + spec.name() + " is "
          + mode(existing.get().global()) + " on the swarm and " + mode(spec.global()) + " in compose.yaml; Swarm"
          + " cannot change a service's mode: remove the service (docker service rm " + spec.name() + ") and deploy"
          + " again");
    } else if (sameSpec(spec, existing.get()) && sameReplicas(spec, existing.get())) {
      action = "unchanged";
    } else if (sameSpec(spec, existing.get())) {
      // Scaled by hand (docker service scale): back to compose.yaml's count, as docker stack deploy does.
      context.events().progress(name(), spec.name() + " was scaled to " + existing.get().replicas()
          + " outside the deployer; compose.yaml asks for " + spec.replicas() + ": scaled back");
      swarm.updateService(existing.get().id(), existing.get().version(), spec);
      action = "scaled";
    } else if (rollingBack) {
      spec = SwarmServiceSpecs.rollingBack(spec);
      swarm.updateService(existing.get().id(), existing.get().version(), spec);
      action = "rolled back";
    } else {
      swarm.updateService(existing.get().id(), existing.get().version(), spec);
      action = "updated";
    }
    context.serviceActions().put(service, action);
    context.events().progress(name(), spec.name() + " " + action + " (" + (spec.global() ? "global, a task per node"
        : spec.replicas() + " " + (spec.replicas() == 1 ? "replica" : "replicas")) + ", "
        + spec.labels().get(SwarmLabels.IMAGE) + ")");
  }

  /** Whether the service on the swarm was made from {@code spec}, whichever release made it. */
  static boolean sameSpec(SwarmServiceSpec spec, SwarmService existing) {
    return spec.labels().get(SwarmLabels.SPEC_HASH).equals(existing.label(SwarmLabels.SPEC_HASH));
  }

  /** Whether the service runs as many replicas as {@code spec} asks: its label cannot tell, a scale by hand keeps it. */
  static boolean sameReplicas(SwarmServiceSpec spec, SwarmService existing) {
    return spec.global() || existing.replicas() == spec.replicas();
  }

  private static String mode(boolean global) {
    return global ? "global" : "replicated";
  }

  private void createInBatches(DeployContext context, SwarmEngine swarm, SwarmServiceWaiter waiter, Instant since,
      SwarmServiceSpec spec) throws PipelineException {
    if (spec.global()) {
      swarm.createService(spec); // Swarm starts a task on every eligible node at once
      return;
    }
    Integer parallelism = spec.update() == null ? null : spec.update().parallelism();
    int batch = parallelism == null ? 1 : parallelism == 0 ? spec.replicas() : parallelism;
    int replicas = Math.min(spec.replicas(), batch);
    String id = swarm.createService(replicas == spec.replicas() ? spec : SwarmServiceSpecs.withReplicas(spec, replicas));
    while (replicas < spec.replicas()) {
      waiter.await(List.of(spec.name()), since, context.waitTimeout());
      replicas = Math.min(spec.replicas(), replicas + batch);
      context.events().progress(name(), spec.name() + ": starting replicas up to " + replicas + " of " + spec.replicas());
      SwarmService current = swarm.service(id).orElseThrow(() -> new PipelineException(
          PipelineException.Kind.DEPLOY_FAILED, "service " + spec.name() + " disappeared while it started"));
      swarm.updateService(id, current.version(),
          replicas == spec.replicas() ? spec : SwarmServiceSpecs.withReplicas(spec, replicas));
    }
  }
}
