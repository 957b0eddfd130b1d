package dev.deployer.infrastructure.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What to create: an engine-neutral description of one container. */
public record ContainerSpec(
    String name,
    String image,
    List<String> entrypoint,
    List<String> command,
    Map<String, String> environment,
    Map<String, String> labels,
    List<PublishedPort> ports,
    List<Mount> mounts,
    String network,
    List<String> networkAliases,
    Health health,
    String restartPolicy,
    Double cpus,
    Long memoryBytes) {

  public ContainerSpec {
    entrypoint = List.copyOf(entrypoint);
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    labels = Map.copyOf(labels);
    ports = List.copyOf(ports);
    mounts = List.copyOf(mounts);
    networkAliases = List.copyOf(networkAliases);
  }

  public record PublishedPort(String hostIp, int hostPort, int containerPort, String protocol) {}

  /** A named volume ({@code volume}) or a host path ({@code bind}). */
  public record Mount(String type, String source, String target, boolean readOnly) {}

  /** A container health check; {@code test} empty means the image's own. */
  public record Health(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {}
}
