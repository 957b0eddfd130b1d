package dev.deployer.infrastructure.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the toolkit asks of a Docker engine in Swarm mode: the swarm itself, overlay networks,
 * services and their tasks. The one implementation talks to Docker through docker-java.
 */
public interface SwarmEngine extends AutoCloseable {

  /** The local node's view of the swarm; throws {@link EngineUnavailableException} if the engine does not answer. */
  SwarmState swarm();

  /** Makes this engine a single-node swarm manager, like {@code docker swarm init --advertise-addr ADDRESS}. */
  void init(String advertiseAddress);

  /**
   * Leaves the swarm; with {@code force}, also as the last manager, which removes every service.
   * Containers outside the swarm keep their names on their bridge networks (see the implementation).
   */
  void leave(boolean force);

  /**
   * Creates the network (driver null: overlay) if none of that name exists; an existing one is left
   * as it is. Returns true when it was created.
   */
  boolean ensureNetwork(NetworkConfig network);

  void removeNetwork(String name);

  /** Networks carrying all of {@code labels}. */
  List<String> networks(Map<String, String> labels);

  /** Services carrying all of {@code labels}. */
  List<SwarmService> services(Map<String, String> labels);

  Optional<SwarmService> service(String nameOrId);

  /** Creates the service and returns its id; the image is used as given (no registry is asked). */
  String createService(SwarmServiceSpec spec);

  /** Replaces the spec of service {@code id}, which must still be at {@code version}. */
  void updateService(String id, long version, SwarmServiceSpec spec);

  /** Returns the service to its previous spec, like {@code docker service rollback}. */
  void rollbackService(String id);

  void removeService(String id);

  /** The service's tasks, current and past, newest first. */
  List<SwarmTask> tasks(String serviceId);

  /**
   * A running task of the service (by name) on a node other than this one, as its spec describes it;
   * empty when every running task is on this node, or none runs. An engine that cannot tell says none.
   */
  default Optional<SwarmTaskContainer> taskElsewhere(String serviceName) {
    return Optional.empty();
  }

  /** The swarm's nodes, as {@code docker node ls} lists them. */
  default List<SwarmNode> nodes() {
    return List.of();
  }

  /** The id of the secret or config named {@code name}, if the swarm has one. */
  default Optional<String> fileObject(SwarmFileGrant.Kind kind, String name) {
    throw new UnsupportedOperationException("fileObject");
  }

  /**
   * Creates the secret or config unless one of that name exists (its value cannot change: a new
   * value gets a new name), templated by Swarm when {@code templateDriver} is set; true when it
   * was created.
   */
  default boolean ensureFileObject(SwarmFileGrant.Kind kind, String name, byte[] data, Map<String, String> labels,
      String templateDriver) {
    throw new UnsupportedOperationException("ensureFileObject");
  }

  /** The names of the secrets or configs carrying all of {@code labels}. */
  default List<String> fileObjects(SwarmFileGrant.Kind kind, Map<String, String> labels) {
    throw new UnsupportedOperationException("fileObjects");
  }

  /** Removes the secret or config; false when it is gone already or a service still uses it. */
  default boolean removeFileObject(SwarmFileGrant.Kind kind, String name) {
    throw new UnsupportedOperationException("removeFileObject");
  }

  /** The last lines a task wrote, from whichever node it ran on. */
  List<String> taskLogs(String taskId, int tailLines);

  @Override
  void close();

  /**
   * One node: {@code state} is ready, down, unknown or disconnected; {@code availability} active,
   * pause or drain; {@code platform} its {@code os/architecture} as the node reports it (null when
   * it does not).
   */
  record SwarmNode(String id, String hostname, String state, String availability, boolean manager, String platform) {

    public SwarmNode(String id, String hostname, String state, String availability, boolean manager) {
      this(id, hostname, state, availability, manager, null);
    }

    public boolean down() {
      return !"ready".equals(state);
    }
  }

  /** {@code localNodeState} is inactive, pending, active, error or locked. */
  record SwarmState(String localNodeState, String nodeId, String nodeAddress, boolean manager, int nodes,
      int managers, String error) {

    public boolean active() {
      return "active".equals(localNodeState);
    }
  }

  /**
   * A service as the engine reports it. {@code previousImage} is null when it was never updated;
   * {@code updateParallelism} is how many tasks an update replaces at once (0: all); a
   * {@code global} service runs a task on every eligible node, and its {@code replicas} are 0.
   */
  record SwarmService(
      String id,
      String name,
      long version,
      String image,
      String previousImage,
      int replicas,
      int updateParallelism,
      Map<String, String> labels,
      List<SwarmServiceSpec.Port> ports,
      UpdateStatus updateStatus,
      Instant updatedAt,
      boolean global) {

    /** A replicated service. */
    public SwarmService(String id, String name, long version, String image, String previousImage, int replicas,
        int updateParallelism, Map<String, String> labels, List<SwarmServiceSpec.Port> ports,
        UpdateStatus updateStatus, Instant updatedAt) {
      this(id, name, version, image, previousImage, replicas, updateParallelism, labels, ports, updateStatus,
          updatedAt, false);
    }

    public SwarmService {
      labels = Map.copyOf(labels);
      ports = List.copyOf(ports);
    }

    public String label(String key) {
      return labels.get(key);
    }
  }

  /**
   * The last update of a service: {@code state} is updating, paused, completed, rollback_started,
   * rollback_paused or rollback_completed.
   */
  record UpdateStatus(String state, String message, Instant startedAt, Instant completedAt) {

    public boolean inProgress() {
      return "updating".equals(state) || "rollback_started".equals(state);
    }

    public boolean rolledBack() {
      return "rollback_completed".equals(state);
    }

    public boolean paused() {
      return "paused".equals(state) || "rollback_paused".equals(state);
    }
  }

  /**
   * One task: {@code state} is the engine's (new ... running, complete, shutdown, failed, rejected,
   * ...); {@code containerId} is null until the task has a container; {@code labels} are the
   * container labels of the spec the task was made from.
   */
  record SwarmTask(
      String id,
      String serviceId,
      int slot,
      String nodeId,
      String state,
      String desiredState,
      String message,
      String error,
      String containerId,
      Integer exitCode,
      String image,
      Map<String, String> labels,
      Instant createdAt,
      Instant statusAt) {

    public SwarmTask {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public boolean running() {
      return "running".equals(state);
    }

    public boolean failed() {
      return "failed".equals(state) || "rejected".equals(state);
    }

    public boolean wanted() {
      return "running".equals(desiredState);
    }
  }
}
