package dev.deployer.infrastructure.engine;

import java.util.List;
import java.util.Map;

/**
 * How a container was created, as {@code docker inspect} shows it: the settings that matter for
 * security and for comparing a stack with its baseline. {@code user} is empty when the image's
 * user applies; {@code healthcheck} is the effective test (the image's unless overridden);
 * {@code nanoCpus} and {@code memoryBytes} are 0 when unlimited. {@code environment} holds secret
 * values: never report it as it is.
 */
public record ContainerSettings(
    String user,
    boolean privileged,
    List<Mount> mounts,
    Map<String, String> environment,
    long nanoCpus,
    long memoryBytes,
    List<String> entrypoint,
    List<String> healthcheck) {

  public ContainerSettings {
    user = user == null ? "" : user;
    mounts = List.copyOf(mounts);
    environment = Map.copyOf(environment);
    entrypoint = List.copyOf(entrypoint);
    healthcheck = List.copyOf(healthcheck);
  }

  /** A bind mount or volume as it is mounted; {@code source} is a host path or a volume name. */
  public record Mount(String type, String source, String target, boolean readOnly) {}
}
