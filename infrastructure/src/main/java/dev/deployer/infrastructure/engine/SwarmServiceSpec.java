package dev.deployer.infrastructure.engine;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a Swarm service should be: an engine-neutral description of one service spec. Maps are
 * kept sorted, so {@link #toString()} is a stable fingerprint of the whole spec. A {@code global}
 * service runs one task on every node its placement allows; its {@code replicas} are not used.
 * {@code task} holds the rest of what its tasks are given ({@link SwarmTaskOptions#NONE}: nothing more).
 */
public record SwarmServiceSpec(
    String name,
    String image,
    Map<String, String> labels,
    Map<String, String> containerLabels,
    List<String> entrypoint,
    List<String> command,
    Map<String, String> environment,
    List<ContainerSpec.Mount> mounts,
    Map<String, String> volumeLabels,
    Map<String, VolumeConfig> volumes,
    List<Network> networks,
    List<Port> ports,
    EndpointMode endpointMode,
    ContainerSpec.Health health,
    int replicas,
    UpdatePolicy update,
    UpdatePolicy rollback,
    RestartCondition restart,
    Double cpus,
    Long memoryBytes,
    Duration stopGracePeriod,
    Placement placement,
    boolean global,
    List<SwarmFileGrant> files,
    SwarmTaskOptions task) {

  /** A service given no secrets or configs, whose tasks are given nothing beyond the fields here. */
  public SwarmServiceSpec(String name, String image, Map<String, String> labels, Map<String, String> containerLabels,
      List<String> entrypoint, List<String> command, Map<String, String> environment, List<ContainerSpec.Mount> mounts,
      Map<String, String> volumeLabels, Map<String, VolumeConfig> volumes, List<Network> networks, List<Port> ports,
      EndpointMode endpointMode, ContainerSpec.Health health, int replicas, UpdatePolicy update, UpdatePolicy rollback,
      RestartCondition restart, Double cpus, Long memoryBytes, Duration stopGracePeriod, Placement placement,
      boolean global) {
    this(name, image, labels, containerLabels, entrypoint, command, environment, mounts, volumeLabels, volumes,
        networks, ports, endpointMode, health, replicas, update, rollback, restart, cpus, memoryBytes, stopGracePeriod,
        placement, global, List.of(), SwarmTaskOptions.NONE);
  }

  /** A service given secrets or configs, whose tasks are given nothing beyond the fields here. */
  public SwarmServiceSpec(String name, String image, Map<String, String> labels, Map<String, String> containerLabels,
      List<String> entrypoint, List<String> command, Map<String, String> environment, List<ContainerSpec.Mount> mounts,
      Map<String, String> volumeLabels, Map<String, VolumeConfig> volumes, List<Network> networks, List<Port> ports,
      EndpointMode endpointMode, ContainerSpec.Health health, int replicas, UpdatePolicy update, UpdatePolicy rollback,
      RestartCondition restart, Double cpus, Long memoryBytes, Duration stopGracePeriod, Placement placement,
      boolean global, List<SwarmFileGrant> files) {
    this(name, image, labels, containerLabels, entrypoint, command, environment, mounts, volumeLabels, volumes,
        networks, ports, endpointMode, health, replicas, update, rollback, restart, cpus, memoryBytes, stopGracePeriod,
        placement, global, files, SwarmTaskOptions.NONE);
  }

  /** A service given no secrets or configs, with its tasks' options. */
  public SwarmServiceSpec(String name, String image, Map<String, String> labels, Map<String, String> containerLabels,
      List<String> entrypoint, List<String> command, Map<String, String> environment, List<ContainerSpec.Mount> mounts,
      Map<String, String> volumeLabels, Map<String, VolumeConfig> volumes, List<Network> networks, List<Port> ports,
      EndpointMode endpointMode, ContainerSpec.Health health, int replicas, UpdatePolicy update, UpdatePolicy rollback,
      RestartCondition restart, Double cpus, Long memoryBytes, Duration stopGracePeriod, Placement placement,
      boolean global, SwarmTaskOptions task) {
    this(name, image, labels, containerLabels, entrypoint, command, environment, mounts, volumeLabels, volumes,
        networks, ports, endpointMode, health, replicas, update, rollback, restart, cpus, memoryBytes, stopGracePeriod,
        placement, global, List.of(), task);
  }

  public SwarmServiceSpec {
    task = task == null ? SwarmTaskOptions.NONE : task;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    labels = sorted(labels);
    containerLabels = sorted(containerLabels);
    entrypoint = List.copyOf(entrypoint);
    command = List.copyOf(command);
    environment = sorted(environment);
    mounts = List.copyOf(mounts);
    volumeLabels = sorted(volumeLabels);
    volumes = Collections.unmodifiableMap(new TreeMap<>(volumes));
    networks = List.copyOf(networks);
    ports = List.copyOf(ports);
    placement = placement == null ? Placement.ANYWHERE : placement;
    endpointMode = endpointMode == null ? EndpointMode.VIP : endpointMode;
    restart = restart == null ? RestartCondition.ANY : restart;
    replicas = global ? 0 : replicas;
    files = files == null ? List.of() : List.copyOf(files);
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative: " + replicas);
    }
  }

  /** The same spec with one more service label. */
  public SwarmServiceSpec withLabel(String key, String value) {
    Map<String, String> more = new TreeMap<>(labels);
    more.put(key, value);
    return new SwarmServiceSpec(name, image, more, containerLabels, entrypoint, command, environment, mounts,
        volumeLabels, volumes, networks, ports, endpointMode, health, replicas, update, rollback, restart, cpus,
        memoryBytes, stopGracePeriod, placement, global, files, task);
  }

  /** The same spec with one more container label, which every task made from it carries. */
  public SwarmServiceSpec withContainerLabel(String key, String value) {
    Map<String, String> more = new TreeMap<>(containerLabels);
    more.put(key, value);
    return new SwarmServiceSpec(name, image, labels, more, entrypoint, command, environment, mounts,
        volumeLabels, volumes, networks, ports, endpointMode, health, replicas, update, rollback, restart, cpus,
        memoryBytes, stopGracePeriod, placement, global, files, task);
  }

  /** An overlay network the tasks join, with the names they are found by there. */
  public record Network(String name, List<String> aliases) {
    public Network {
      aliases = List.copyOf(aliases);
    }
  }

  /**
   * Where the tasks may run: {@code constraints} ({@code node.labels.deployer.db == true}), spread
   * {@code preferences} (a node attribute such as {@code node.labels.zone}), at most
   * {@code maxReplicasPerNode} tasks on one node (null: no limit).
   */
  public record Placement(List<String> constraints, List<String> preferences, Integer maxReplicasPerNode) {

    public static final Placement ANYWHERE = new Placement(List.of(), List.of(), null);

    public Placement {
      constraints = List.copyOf(constraints);
      preferences = List.copyOf(preferences);
    }
  }

  /** A published port: {@code ingress} through the routing mesh, {@code host} bound on the node running the task. */
  public record Port(int published, int target, String protocol, PublishMode mode) {}

  /** {@code update_config} / {@code rollback_config}; a null field leaves the engine's default. */
  public record UpdatePolicy(
      Integer parallelism,
      Duration delay,
      String order,
      String failureAction,
      Duration monitor,
      Double maxFailureRatio) {

    public static final UpdatePolicy DEFAULT = new UpdatePolicy(null, null, null, null, null, null);
  }

  public enum EndpointMode {
    VIP,
    DNSRR
  }

  public enum PublishMode {
    INGRESS,
    HOST
  }

  public enum RestartCondition {
    NONE,
    ON_FAILURE,
    ANY
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map == null ? Map.of() : map));
  }
}
