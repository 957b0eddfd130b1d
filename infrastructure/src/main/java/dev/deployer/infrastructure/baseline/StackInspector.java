package dev.deployer.infrastructure.baseline;

import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.config.ProbeSettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ImageConfig;
import dev.deployer.infrastructure.stack.StackContainers;
import java.util.ArrayList;
import java.util.List;
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
}
