package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import java.util.Objects;
import java.util.Optional;

/**
 * An environment as loaded, once, for every command that acts on it: its config (with the swarm
 * settings), the Compose project as the environment deploys it, and the target it runs on.
 */
public record LoadedStack(DeploymentConfig config, SwarmSettings swarm, ComposeProject project, DeployTarget target) {

  /** The label naming a service's health path. */
  public static final String HEALTH_PATH = "dev.deployer.health.path";

  public LoadedStack {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(target, "target");
  }

  /** What a target is made from: the loaded config and project. */
  public record Settings(DeploymentConfig config, SwarmSettings swarm, ComposeProject project) {}

  /**
   * Where a client reaches a service's first published TCP port, the one its health path is
   * served on (empty: it publishes none). The one place a service's URL is worked out.
   */
  public Optional<ServiceEndpoint> endpoint(ComposeService service, StackContainers containers) {
    if (service.ports().isEmpty()) {
      return Optional.empty();
    }
    PortMapping port = service.ports().get(0);
    if (port.publishedPort() <= 0 || !"tcp".equals(port.protocol())) {
      return Optional.empty();
    }
    return containers.reach().apply(service.name())
        .or(() -> Optional.of(ServiceEndpoint.published(publishedHost(), port.hostIp(), port.publishedPort())));
  }

  /** The service's health URL (label {@value #HEALTH_PATH} on its first published port), if it has one. */
  public Optional<String> healthUrl(ComposeService service, StackContainers containers) {
    String path = service.labels().get(HEALTH_PATH);
    return path == null ? Optional.empty() : endpoint(service, containers).map(endpoint -> endpoint.url(path));
  }

  /** Where a client reaches {@code port} (see {@link ServiceEndpoint#published}). */
  public String host(PortMapping port) {
    return ServiceEndpoint.published(publishedHost(), port.hostIp(), port.publishedPort()).host();
  }

  /** The host on which published ports are reached: loopback for a local engine, else the engine's host. */
  public String publishedHost() {
    String host = config.docker().host();
    if (host.startsWith("tcp://") || host.startsWith("ssh://")) {
      String rest = host.substring(6);
      rest = rest.contains("@") ? rest.substring(rest.indexOf('@') + 1) : rest;
      return rest.split("[:/]")[0];
    }
    return "127.0.0.1";
  }
}
