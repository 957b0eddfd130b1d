package dev.deployer.infrastructure.engine;

import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the toolkit asks of a container engine. The one implementation talks to Docker
 * through docker-java; nothing outside this package sees docker-java types.
 */
public interface ContainerEngine extends AutoCloseable {

  /** Answers when the engine is reachable; throws {@link EngineUnavailableException} otherwise. */
  EngineInfo info();

  Optional<String> imageId(String reference);

  /**
   * Pulls the image from its registry, waiting at most {@code timeout}, and returns its id; an
   * {@link EngineException} carries the engine's reason when it cannot be pulled.
   */
  String pullImage(String reference, Duration timeout);

  /**
   * Builds the image, or finds it built from the same context and settings, tags it with every tag,
   * and returns its id.
   */
  String buildImage(ImageBuild build, Consumer<String> output);

  /** Builds {@code dockerfile} in {@code context}, tags it with every tag, and returns the image id. */
  default String buildImage(Path context, String dockerfile, List<String> tags, Map<String, String> labels,
      Map<String, String> buildArgs, Consumer<String> output) {
    return buildImage(context, dockerfile, null, tags, labels, buildArgs, output);
  }

  /** Like {@link #buildImage}, building only up to the stage {@code target} of the Dockerfile (null: all of it). */
  default String buildImage(Path context, String dockerfile, String target, List<String> tags,
      Map<String, String> labels, Map<String, String> buildArgs, Consumer<String> output) {
    return buildImage(new ImageBuild(context, dockerfile, target, tags, labels, buildArgs), output);
  }

  /**
   * Like {@link #buildImage(ImageBuild, Consumer)}, building even when the image was built from this
   * very context before ({@code pull_policy: build}); the engine's layer cache still applies.
   */
  default String rebuildImage(ImageBuild build, Consumer<String> output) {
    throw new UnsupportedOperationException("rebuildImage");
  }

  /**
   * When the engine last gave {@code reference} to an image: pulled, tagged, built or loaded (the
   * image's {@code LastTagTime}, what Compose's periodic pull policies compare); empty when the
   * image is missing or the engine has no record.
   */
  default Optional<java.time.Instant> imageLastTagged(String reference) {
    throw new UnsupportedOperationException("imageLastTagged");
  }

  void tagImage(String imageId, String reference);

  /**
   * Tags the image as {@code reference} ({@code registry/repository:tag}), pushes it, waiting at
   * most {@code timeout}, and returns the registry's digest of it ({@code sha256:...}).
   */
  default String pushImage(String imageId, String reference, Duration timeout) {
    throw new UnsupportedOperationException("pushImage");
  }

  /**
   * Creates the network with its driver, options, labels and flags if none of that name exists;
   * an existing one is left as it is. Returns true when it was created.
   */
  boolean ensureNetwork(NetworkConfig network);

  /** The network of that name as the engine reports it, if it exists. */
  Optional<NetworkConfig> network(String name);

  /**
   * Creates the volume with its driver, driver options and labels if none of that name exists;
   * an existing one is left as it is. Returns true when it was created.
   */
  boolean ensureVolume(VolumeConfig volume);

  /** The volume of that name as the engine reports it, if it exists. */
  Optional<VolumeConfig> volume(String name);

  void removeNetwork(String name);

  void removeVolume(String name);

  List<String> networks(Map<String, String> labels);

  List<String> volumes(Map<String, String> labels);

  /**
   * Containers carrying all of {@code labels}, running or not; containers set aside with
   * {@link #keepContainer} are left out (Docker cannot drop their labels), see {@link #keptContainers}.
   */
  List<ContainerInfo> containers(Map<String, String> labels);

  /** Containers carrying all of {@code labels} that {@link #keepContainer} set aside for a rollback. */
  List<ContainerInfo> keptContainers(Map<String, String> labels);

  /**
   * Stops a container and sets it aside, so that a rollback can restart it instead of creating it
   * again: renamed to {@link #keptName} (freeing its name for its successor) and with its restart
   * policy off, so an engine restart leaves it stopped.
   */
  void keepContainer(String id, Duration stopTimeout);

  /** Puts a kept container back under {@code name} with {@code restartPolicy} (null or blank: none); not started. */
  void restoreContainer(String id, String name, String restartPolicy);

  /** The name a kept container goes by: its own with a suffix no Compose container name ends with. */
  static String keptName(String name) {
    return name + KEPT_SUFFIX;
  }

  static boolean isKept(ContainerInfo container) {
    return container.name().endsWith(KEPT_SUFFIX);
  }

  /** Compose names end with the container number, so this suffix cannot clash with one. */
  String KEPT_SUFFIX = "-previous";

  Optional<ContainerInfo> container(String idOrName);

  String createContainer(ContainerSpec spec);

  void startContainer(String id);

  void stopContainer(String id, Duration timeout);

  /**
   * Sets a container's restart policy ("unless-stopped", "on-failure:3"; null or blank: none),
   * running or not; the engine applies it the next time the main process exits.
   */
  void setRestartPolicy(String id, String restartPolicy);

  /** Sends a running container's main process a signal by name ("SIGTSTP"); false when it does not run. */
  boolean signalContainer(String id, String signal);

  void removeContainer(String id);

  List<String> logs(String id, int tailLines);

  ExecResult exec(String id, List<String> command, Duration timeout);

  /**
   * Like {@link #exec}, as {@code options} say (a lifecycle hook's user, privileges, working
   * directory and extra environment).
   */
  default ExecResult exec(String id, List<String> command, ExecOptions options, Duration timeout) {
    throw new UnsupportedOperationException("exec with options");
  }

  /** Like {@link #exec}, with the command's standard output written to {@code stdout} byte for byte (dumps). */
  default ExecResult execToFile(String id, List<String> command, Path stdout, Duration timeout) {
    throw new UnsupportedOperationException("execToFile");
  }

  /** Like {@link #exec}, with the file {@code stdin} fed to the command's standard input (restores). */
  default ExecResult execWithInput(String id, List<String> command, Path stdin, Duration timeout) {
    throw new UnsupportedOperationException("execWithInput");
  }

  /** Removes one tag, and the image with it when nothing else refers to it; never forced. */
  default void removeImage(String reference) {
    throw new UnsupportedOperationException("removeImage");
  }

  /** The image's own configuration (user, entrypoint, exposed ports, health check), if the image exists. */
  default Optional<ImageConfig> imageConfig(String reference) {
    throw new UnsupportedOperationException("imageConfig");
  }

  /** How a container was created (user, privileges, mounts, limits, environment), if it exists. */
  default Optional<ContainerSettings> containerSettings(String id) {
    throw new UnsupportedOperationException("containerSettings");
  }

  /**
   * Creates a container that is never started, named {@code name} and carrying {@code labels}, as a
   * record on the engine that every client of it sees (the deploy lock). Creation is atomic: when a
   * container of that name exists, nothing is created and the answer is empty. Returns the id.
   */
  default Optional<String> createMarker(String name, Map<String, String> labels) {
    throw new UnsupportedOperationException("createMarker");
  }

  /**
   * The image of the containers {@link #createMarker} makes: a tiny one of the deployer's own, with
   * no program in it, built on the engine the first time a marker is made.
   */
  String MARKER_IMAGE = "deployer-marker:1";

  /** Removes a container; false when it was already gone, so of several callers exactly one gets true. */
  default boolean removeMarker(String id) {
    throw new UnsupportedOperationException("removeMarker");
  }

  /** Writes a small file into a container, started or not; false when the container is gone. */
  default boolean writeFile(String id, String path, byte[] content) {
    throw new UnsupportedOperationException("writeFile");
  }

  /** A small file of a container, started or not; empty when the container or the file is not there. */
  default Optional<byte[]> readFile(String id, String path) {
    throw new UnsupportedOperationException("readFile");
  }

  /**
   * A resource sample over about one second, like {@code docker stats --no-stream}; the one
   * {@link #sampleAhead} started, when it started within {@link #SAMPLE_AHEAD_FOR}.
   */
  Optional<ContainerStats> stats(String id);

  /** How long a sample started ahead stays the answer of {@link #stats}. */
  java.time.Duration SAMPLE_AHEAD_FOR = java.time.Duration.ofSeconds(5);

  /**
   * Starts a resource sample of a container now, for a {@link #stats} call that follows within
   * seconds and then need not wait a second or two for the engine's own sampling. An engine that
   * cannot sample ahead ignores it.
   */
  default void sampleAhead(String id) {}

  /**
   * Subscribes to container events carrying {@code labels}; close the handle to stop. {@code onError}
   * hears of the stream failing or ending, so a subscriber can reconnect.
   */
  Closeable events(Map<String, String> labels, Consumer<EngineEvent> listener, Consumer<Throwable> onError);

  @Override
  void close();

  /**
   * Engine facts the pre-deployment checks report. {@code id} is the engine's own identity (the
   * same whichever address or client reaches it), {@code platform} what it runs and builds
   * ({@code linux/amd64}); each null when not known.
   */
  /**
   * What the engine reports of itself. {@code platform} is its {@code os/arch} (null: not reported),
   * {@code cgroupVersion} "1" or "2" (null: not reported), {@code storageDriver} its storage driver
   * ({@code overlay2}) and {@code driverStatus} what that driver reports ({@code Backing Filesystem}
   * to {@code xfs}...), {@code runtimes} the OCI runtimes it can run containers with ({@code runc},
   * {@code nvidia}...); null and empty when unknown.
   */
  record EngineInfo(String version, String apiVersion, String os, String rootDir, boolean swarmActive, String id,
      String platform, String cgroupVersion, String storageDriver, Map<String, String> driverStatus,
      Set<String> runtimes) {

    public EngineInfo(String version, String apiVersion, String os, String rootDir, boolean swarmActive) {
      this(version, apiVersion, os, rootDir, swarmActive, null);
    }

    public EngineInfo(String version, String apiVersion, String os, String rootDir, boolean swarmActive, String id) {
      this(version, apiVersion, os, rootDir, swarmActive, id, null);
    }

    public EngineInfo(String version, String apiVersion, String os, String rootDir, boolean swarmActive, String id,
        String platform) {
      this(version, apiVersion, os, rootDir, swarmActive, id, platform, null, null, Map.of(), Set.of());
    }

    public EngineInfo {
      driverStatus = driverStatus == null ? Map.of() : Map.copyOf(driverStatus);
      runtimes = runtimes == null ? Set.of() : Set.copyOf(runtimes);
    }

    /** The same engine with its cgroup version, storage driver and status, and runtimes. */
    public EngineInfo withHost(String cgroupVersion, String storageDriver, Map<String, String> driverStatus,
        Set<String> runtimes) {
      return new EngineInfo(version, apiVersion, os, rootDir, swarmActive, id, platform, cgroupVersion, storageDriver,
          driverStatus, runtimes);
    }
  }

  record ExecResult(int exitCode, String stdout, String stderr) {}

  /** How a command runs in a container; null or empty: as the container's main process. */
  record ExecOptions(String user, boolean privileged, String workingDir, Map<String, String> environment) {

    public static final ExecOptions NONE = new ExecOptions(null, false, null, Map.of());

    public ExecOptions {
      environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
  }
}
