package dev.deployer.infrastructure.engine;

import java.util.List;

/**
 * An image's own configuration, as {@code docker image inspect} shows it: what a container of it
 * runs as and exposes unless its own settings say otherwise. Lists are empty when unset; {@code
 * platform} is its {@code os/architecture} (null: not reported). The engine client does not read
 * an image's variant, so it is not part of it.
 */
public record ImageConfig(
    String id,
    String user,
    List<String> entrypoint,
    List<String> exposedPorts,
    List<String> healthcheck,
    String platform) {

  public ImageConfig(String id, String user, List<String> entrypoint, List<String> exposedPorts,
      List<String> healthcheck) {
    this(id, user, entrypoint, exposedPorts, healthcheck, null);
  }

  public ImageConfig {
    user = user == null ? "" : user;
    entrypoint = List.copyOf(entrypoint);
    exposedPorts = List.copyOf(exposedPorts);
    healthcheck = List.copyOf(healthcheck);
  }
}
