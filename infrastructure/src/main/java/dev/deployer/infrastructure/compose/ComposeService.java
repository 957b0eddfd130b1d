package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One resolved service: interpolated, defaults applied, paths absolute. */
public record ComposeService(
    String name,
    String image,
    BuildSpec build,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    List<PortMapping> ports,
    List<VolumeMount> volumes,
    List<String> networks,
    Map<String, DependsOn> dependsOn,
    Healthcheck healthcheck,
    String restart,
    Map<String, String> labels,
    ResourceLimits limits,
    List<String> profiles,
    DeploySpec deploy,
    ServiceOptions options) {

  /** A service without any of the {@link ServiceOptions} keys. */
  public ComposeService(String name, String image, BuildSpec build, List<String> command, List<String> entrypoint,
      Map<String, String> environment, List<PortMapping> ports, List<VolumeMount> volumes, List<String> networks,
      Map<String, DependsOn> dependsOn, Healthcheck healthcheck, String restart, Map<String, String> labels,
      ResourceLimits limits, List<String> profiles, DeploySpec deploy) {
    this(name, image, build, command, entrypoint, environment, ports, volumes, networks, dependsOn, healthcheck,
        restart, labels, limits, profiles, deploy, ServiceOptions.NONE);
  }

  public ComposeService {
    Objects.requireNonNull(name, "name");
    if (image == null && build == null) {
      throw new IllegalArgumentException("service " + name + " has neither image nor build");
    }
    command = copy(command);
    entrypoint = copy(entrypoint);
    environment = Collections.unmodifiableMap(new TreeMap<>(orEmpty(environment)));
    ports = copy(ports);
    volumes = copy(volumes);
    networks = copy(networks);
    dependsOn = Collections.unmodifiableMap(new LinkedHashMap<>(orEmpty(dependsOn)));
    labels = Collections.unmodifiableMap(new TreeMap<>(orEmpty(labels)));
    profiles = copy(profiles);
    options = options == null ? ServiceOptions.NONE : options;
  }

  /** The image to run: the declared one, or the name Compose gives a built image. */
  public String imageName(String projectName) {
    return image != null ? image : projectName + "-" + name;
  }

  /**
   * The networks the service joins; Compose puts a service without any on "default", and one with
   * a {@code network_mode} on none of the project's.
   */
  public List<String> effectiveNetworks() {
    if (options.networkMode() != null) {
      return List.of();
    }
    return networks.isEmpty() ? List.of("default") : networks;
  }

  public ComposeService withOptions(ServiceOptions otherOptions) {
    return new ComposeService(name, image, build, command, entrypoint, environment, ports, volumes, networks,
        dependsOn, healthcheck, restart, labels, limits, profiles, deploy, otherOptions);
  }

  /**
   * SHA-256 (hex) of the canonical JSON of this service's resolved configuration, without the
   * values of its secrets and configs: equal hashes mean the same definition.
   */
  public String configHash() {
    return ConfigHashes.configHash(this);
  }

  /**
   * As {@link #configHash()}, with the keyed digests of its secrets' and configs' values, for the
   * {@code com.docker.compose.config-hash} label: equal hashes mean nothing to recreate.
   */
  public String configHash(ValueDigestKey key) {
    return ConfigHashes.configHash(this, key);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
