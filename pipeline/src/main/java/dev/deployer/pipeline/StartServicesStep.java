package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DependsOn;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import dev.deployer.infrastructure.stack.StackResources;
import dev.deployer.rollback.ReleaseLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Step 6: networks, volumes, then one container per service along the dependency graph. A
 * service starts as soon as its own dependencies meet their conditions, so independent services
 * start in parallel. A container whose config hash is unchanged is left running. Every start, stop,
 * keep and removal of a service's container goes through {@link ServiceLifecycle}, which runs the
 * service's post_start and pre_stop hooks around it.
 *
 * <p>A deploy keeps the replaced container of the release it would roll back to: stopped and set
 * aside ({@link ContainerEngine#keepContainer}) before its successor starts, removed only once a
 * release is verified. A service whose wanted configuration is that of a kept container (the
 * rollback after a failed deploy) gets that container back and restarted, not a new one.
 */
public final class StartServicesStep implements Step {

  /** A service's action when its kept container was restarted instead of a new one created. */
  static final String RESTARTED = "restarted";

  private final boolean keepPrevious;
  private final ServiceRollout rollout;

  /** Replaces changed containers without keeping any (compose up, rollbacks); still restarts kept ones that fit. */
  public StartServicesStep() {
    this(false, ServiceRollout.NONE);
  }

  /** {@code rollout}: starts the services it handles its own way; the others are replaced. */
  public StartServicesStep(boolean keepPrevious, ServiceRollout rollout) {
    this.keepPrevious = keepPrevious;
    this.rollout = rollout;
  }

  /** A deploy of a release: keeps the rollback target's replaced containers for a restart. */
  public static StartServicesStep keepingPrevious() {
    return new StartServicesStep(true, ServiceRollout.NONE);
  }

  @Override
  public String name() {
    return "start services";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ComposeProject project = context.project();
    ContainerEngine engine = context.engine();
    for (Map.Entry<String, NetworkSpec> network : project.networks().entrySet()) {
      if (!network.getValue().external()
          && engine.ensureNetwork(StackResources.network(project.name(), network.getKey(), network.getValue()))) {
        context.events().progress(name(), "network " + network.getValue().name() + " created");
      }
    }
    for (Map.Entry<String, VolumeSpec> volume : project.volumes().entrySet()) {
      if (!volume.getValue().external()
          && engine.ensureVolume(StackResources.volume(project.name(), volume.getKey(), volume.getValue()))) {
        context.events().progress(name(), "volume " + volume.getValue().name() + " created");
      }
    }
    rollout.prepare(context);
    Map<String, String> keepHashes = keepPrevious ? rollbackTargetHashes(context) : Map.of();
    ServiceGraph.<Deployed>run(project, (service, dependencies) ->
        deployService(context, service, keepHashes.get(service.name()), dependencies));
  }

  /**
   * Brings one service to its desired state once its dependencies meet their conditions. {@code
   * keepHash}: the config hash whose replaced container is kept (null: none).
   */
  private Deployed deployService(DeployContext context, ComposeService service, String keepHash,
      Map<String, Deployed> dependencies) throws PipelineException {
    ContainerEngine engine = context.engine();
    ServiceWaiter waiter = new ServiceWaiter(engine, context.events(), name());
    List<String> replacedDependencies = new ArrayList<>();
    for (Map.Entry<String, DependsOn> dependency : service.dependsOn().entrySet()) {
      Deployed deployed = dependencies.get(dependency.getKey());
      if (deployed != null) {
        waiter.await(dependency.getKey(), deployed.id(), dependency.getValue().condition(), context.waitTimeout());
        if (deployed.replaced() && dependency.getValue().restart()) {
          replacedDependencies.add(dependency.getKey());
        }
      }
    }
    String hash = ContainerChanges.configHash(context, service);
    ContainerSpec spec = ContainerSpecFactory.create(context.project(), service, context.images().get(service.name()),
        hash, context.release());
    if (rollout.handles(service)) {
      ServiceRollout.Started started = rollout.start(context, service, spec, hash);
      return new Deployed(started.id(), started.replaced());
    }
    Map<String, String> labels = ComposeLabels.service(context.project().name(), service.name());
    List<ContainerInfo> existing = engine.containers(labels);
    Optional<ContainerInfo> current = ContainerChanges.current(existing, hash);
    if (current.isPresent()) {
      String id = current.get().id();
      if (!current.get().running()) {
        ServiceLifecycle.start(context, service, id);
        record(context, service, "started", "");
      } else if (!replacedDependencies.isEmpty()) {
        // depends_on.restart: as Compose does, a container left as it is still restarts when a
        // dependency it names that way got a new container (which is ready by now).
        ServiceLifecycle.stop(context, current.get(), ContainerChanges.STOP_TIMEOUT);
        ServiceLifecycle.start(context, service, id);
        record(context, service, RESTARTED, " (depends_on restart: " + String.join(", ", replacedDependencies)
            + " got a new container)");
      } else {
        record(context, service, ServiceRollout.UNCHANGED, "");
      }
      return new Deployed(id, false);
    }
    Replacement replacement = Replacement.of(existing, engine.keptContainers(labels), hash, keepHash);
    for (ContainerInfo container : replacement.remove()) {
      ServiceLifecycle.remove(context, container, ContainerChanges.stopTimeout(container));
    }
    if (replacement.keep() != null && !ContainerEngine.isKept(replacement.keep())) {
      ServiceLifecycle.keep(context, replacement.keep(), ContainerChanges.STOP_TIMEOUT);
      context.events().progress(name(), service.name() + ": container of release "
          + replacement.keep().label(ComposeLabels.RELEASE) + " stopped and kept for a rollback");
    }
    if (replacement.restart() != null) {
      String id = replacement.restart().id();
      engine.restoreContainer(id, spec.name(), spec.restartPolicy());
      ServiceLifecycle.start(context, service, id);
      record(context, service, RESTARTED, " (the kept container of release "
          + replacement.restart().label(ComposeLabels.RELEASE) + ", not rebuilt)");
      return new Deployed(id, true);
    }
    String id = engine.createContainer(spec);
    ServiceLifecycle.start(context, service, id);
    record(context, service, existing.isEmpty() && replacement.keep() == null ? "created" : "recreated", "");
    return new Deployed(id, true);
  }

  private void record(DeployContext context, ComposeService service, String action, String detail) {
    context.serviceActions().put(service.name(), action);
    context.events().progress(name(), service.name() + " " + action + detail);
  }

  /** Per service, the config hash of the release a failed deploy would roll back to. */
  private static Map<String, String> rollbackTargetHashes(DeployContext context) {
    Map<String, String> hashes = new HashMap<>();
    RollbackService.targetAfter(new ReleaseLedger(context.stateDirectory()), context.release())
        .ifPresent(target -> target.services().forEach((service, image) -> {
          if (image.configHash() != null) {
            hashes.put(service, image.configHash());
          }
        }));
    return hashes;
  }

  /**
   * What becomes of a changed service's containers, running or kept: a kept one made from the
   * wanted {@code hash} is restarted; otherwise the one made from {@code keepHash} (the rollback
   * target's) is kept, unless it is a color of the blue/green edge, which publishes no port; every
   * other one is removed. At most one container is kept per service.
   */
  record Replacement(ContainerInfo restart, ContainerInfo keep, List<ContainerInfo> remove) {

    static Replacement of(List<ContainerInfo> existing, List<ContainerInfo> kept, String hash, String keepHash) {
      ContainerInfo restart = kept.stream().filter(c -> hash.equals(c.label(ComposeLabels.CONFIG_HASH)))
          .findFirst().orElse(null);
      ContainerInfo keep = restart != null || keepHash == null || keepHash.equals(hash) ? null
          // An already kept one first: it is stopped and out of the way.
          : Stream.concat(kept.stream(), existing.stream())
              .filter(c -> keepHash.equals(c.label(ComposeLabels.CONFIG_HASH)))
              .filter(c -> c.label(EdgeContainer.COLOR_LABEL) == null).findFirst().orElse(null);
      List<ContainerInfo> remove = Stream.concat(existing.stream(), kept.stream())
          .filter(c -> c != restart && c != keep).toList();
      return new Replacement(restart, keep, remove);
    }
  }

  /** A service's container after this step; {@code replaced}: another container than before the deploy. */
  private record Deployed(String id, boolean replaced) {}
}
