package dev.deployer.infrastructure.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to create: an engine-neutral description of one container. The first of {@code networks}
 * is the one it is created on (its network mode); it joins the others before it starts.
 */
public record ContainerSpec(
    String name,
    String image,
    List<String> entrypoint,
    List<String> command,
    Map<String, String> environment,
    Map<String, String> labels,
    List<PortBinding> ports,
    List<Mount> mounts,
    List<Network> networks,
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
    networks = List.copyOf(networks);
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("container " + name + " needs a network (or \"none\")");
    }
  }

  /**
   * The same container under another name, with more labels and only {@code ports} bound (a
   * blue/green color: the edge in front of it holds the host ports).
   */
  public ContainerSpec renamed(String newName, Map<String, String> moreLabels, List<PortBinding> newPorts) {
    Map<String, String> merged = new java.util.TreeMap<>(labels);
    merged.putAll(moreLabels);
    return new ContainerSpec(newName, image, entrypoint, command, environment, merged, newPorts, mounts, networks,
        health, restartPolicy, cpus, memoryBytes);
  }

  /** A port as the engine reports it bound: {@code hostPort} 0 when only exposed. */
  public record PublishedPort(String hostIp, int hostPort, int containerPort, String protocol) {}

  /**
   * A port to bind: {@code hostPorts} is "" (exposed only, or an ephemeral host port), one port,
   * or a range {@code 8000-8002} from which the engine picks a free one.
   */
  public record PortBinding(String hostIp, String hostPorts, int containerPort, String protocol) {

    public PortBinding {
      hostIp = hostIp == null ? "" : hostIp;
      hostPorts = hostPorts == null ? "" : hostPorts;
      protocol = protocol == null ? "tcp" : protocol;
    }
  }

  /** A network to join, and the names the container answers to on it. */
  public record Network(String name, List<String> aliases) {

    /** No networking at all. */
    public static final Network NONE = new Network("none", List.of());

    public Network {
      aliases = List.copyOf(aliases);
    }
  }

  /** A named volume ({@code volume}) or a host path ({@code bind}). */
  public record Mount(String type, String source, String target, boolean readOnly) {}

  /**
   * A container health check; {@code test} empty means the image's own. {@code startInterval}
   * (Engine API 1.44+) is the interval during {@code startPeriod}.
   */
  public record Health(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod,
      Duration startInterval) {}
}
