package dev.deployer.infrastructure.baseline;

import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.config.ProbeSettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ImageConfig;
import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.StackContainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Looks up each service of a Compose project on the engine: its running container, settings and image. */
public final class StackInspector {

  /**
   * The label by which a service declares its HTTP health path, and with it that it is an app (a
   * health path in the config's probes is set as this label when the project is loaded).
   */
  public static final String HEALTH_PATH = ProbeSettings.HEALTH_LABEL;

  private StackInspector() {}

  /** Apps are the services the toolkit builds or health-checks over HTTP; the rest are data stores. */
  public static boolean isApp(ComposeService service) {
    return service.build() != null || service.labels().containsKey(HEALTH_PATH);
  }

  /** The running container of one service, if any (on the swarm target, one of its task containers). */
  public static Optional<ContainerInfo> running(ContainerEngine engine, StackContainers containers, String service) {
    return engine.containers(containers.ofService().apply(service)).stream().filter(ContainerInfo::running)
        .findFirst();
  }

  /** Every service of a Compose project that has a running container, in the project's order. */
  public static List<ServiceContainer> inspect(ContainerEngine engine, ComposeProject project) {
    return inspect(engine, project, StackContainers.compose(project.name()));
  }

  /** Every service that has a running container, in the project's order. */
  public static List<ServiceContainer> inspect(ContainerEngine engine, ComposeProject project,
      StackContainers containers) {
    List<ServiceContainer> result = new ArrayList<>();
    for (ComposeService service : project.services().values()) {
      Optional<ContainerInfo> container = running(engine, containers, service.name());
      if (container.isEmpty()) {
        containers.elsewhere().apply(service.name())
            .map(task -> fromTaskSpec(engine, service, task)).ifPresent(result::add);
        continue;
      }
      ContainerSettings settings = engine.containerSettings(container.get().id()).orElse(null);
      if (settings == null) {
        continue;
      }
      ImageConfig image = engine.imageConfig(container.get().imageId()).orElse(null);
      result.add(new ServiceContainer(service.name(), isApp(service), container.get(), settings, image,
          service.environment().keySet()));
    }
    return result;
  }

  /**
   * A service whose task runs on another node, from its task spec, and its image as this engine
   * has it (the manager pushed it, so it holds it by the digest the service names): what the
   * spec leaves unset (entrypoint, health check) is the image's, as in a container it created.
   */
  static ServiceContainer fromTaskSpec(ContainerEngine engine, ComposeService service, SwarmTaskContainer task) {
    ImageConfig image = task.image() == null ? null : engine.imageConfig(task.image()).orElse(null);
    ContainerSettings spec = task.settings();
    ContainerSettings settings = image == null ? spec : new ContainerSettings(spec.user(), spec.privileged(),
        spec.mounts(), spec.environment(), spec.nanoCpus(), spec.memoryBytes(),
        spec.entrypoint().isEmpty() ? image.entrypoint() : spec.entrypoint(),
        spec.healthcheck().isEmpty() ? image.healthcheck() : spec.healthcheck());
    ContainerInfo container = new ContainerInfo(task.containerId() == null ? task.taskId() : task.containerId(),
        service.name() + " on " + task.node(), task.image(), image == null ? null : image.id(), Map.of(), "running",
        null, 0, 0, false, null, task.ports());
    return new ServiceContainer(service.name(), isApp(service), container, settings, image,
        service.environment().keySet());
  }
}
