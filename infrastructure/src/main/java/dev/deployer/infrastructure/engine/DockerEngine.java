package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link ContainerEngine} on the Docker Engine API through docker-java. */
final class DockerEngine implements ContainerEngine {

  private final DockerClient client;
  private final String host;
  private final EngineCalls calls;
  private final DockerExec execs;
  private final DockerImages images;
  private final DockerResources resources;
  private final DockerMarkers markers;
  private final DockerStats stats;
  private final DockerContainerUpdates updates;
  private volatile String apiVersion;

  DockerEngine(DockerClient client, String host) {
    this.client = client;
    this.host = host;
    this.calls = new EngineCalls(host);
    this.execs = new DockerExec(client, calls);
    this.images = new DockerImages(client, calls);
    this.resources = new DockerResources(client, calls);
    this.markers = new DockerMarkers(client, calls, images);
    this.stats = new DockerStats(client);
    this.updates = new DockerContainerUpdates(client, calls);
  }

  @Override
  public EngineInfo info() {
    try {
      Version version = client.versionCmd().exec();
      Info info = client.infoCmd().exec();
      boolean swarm = info.getSwarm() != null && info.getSwarm().getLocalNodeState() != null
          && "active".equalsIgnoreCase(info.getSwarm().getLocalNodeState().name());
      Map<String, String> driverStatus = new java.util.LinkedHashMap<>();
      if (info.getDriverStatuses() != null) {
        info.getDriverStatuses().stream().filter(pair -> pair.size() == 2)
            .forEach(pair -> driverStatus.put(pair.get(0), pair.get(1)));
      }
      return new EngineInfo(version.getVersion(), version.getApiVersion(), info.getOperatingSystem(),
          info.getDockerRootDir(), swarm, info.getId(), version.getOperatingSystem() + "/" + version.getArch())
          .withHost(info.getCGroupVersion(), info.getDriver(), driverStatus,
              info.getRuntimes() == null ? java.util.Set.of() : info.getRuntimes().keySet());
    } catch (RuntimeException e) {
      throw new EngineUnavailableException(host, e);
    }
  }

  @Override
  public Optional<String> imageId(String reference) {
    return images.imageId(reference);
  }

  @Override
  public String pullImage(String reference, Duration timeout) {
    return images.pull(reference, timeout);
  }

  @Override
  public String buildImage(ImageBuild build, Consumer<String> output) {
    return images.build(build, output);
  }

  @Override
  public String rebuildImage(ImageBuild build, Consumer<String> output) {
    return images.build(build, output, true);
  }

  @Override
  public Optional<java.time.Instant> imageLastTagged(String reference) {
    return images.lastTagged(reference);
  }

  @Override
  public void tagImage(String imageId, String reference) {
    images.tag(imageId, reference);
  }

  @Override
  public String pushImage(String imageId, String reference, Duration timeout) {
    return images.push(imageId, reference, timeout);
  }

  @Override
  public boolean ensureNetwork(NetworkConfig network) {
    return resources.ensureNetwork(network);
  }

  @Override
  public Optional<NetworkConfig> network(String name) {
    return resources.network(name);
  }

  @Override
  public boolean ensureVolume(VolumeConfig volume) {
    return resources.ensureVolume(volume);
  }

  @Override
  public Optional<VolumeConfig> volume(String name) {
    return resources.volume(name);
  }

  @Override
  public void removeNetwork(String name) {
    resources.removeNetwork(name);
  }

  @Override
  public void removeVolume(String name) {
    resources.removeVolume(name);
  }

  @Override
  public List<String> networks(Map<String, String> labels) {
    return resources.networks(labels);
  }

  @Override
  public List<String> volumes(Map<String, String> labels) {
    return resources.volumes(labels);
  }

  @Override
  public List<ContainerInfo> containers(Map<String, String> labels) {
    return listed(labels, false);
  }

  @Override
  public List<ContainerInfo> keptContainers(Map<String, String> labels) {
    return listed(labels, true);
  }

  private List<ContainerInfo> listed(Map<String, String> labels, boolean kept) {
    List<Container> found = call(() -> client.listContainersCmd().withShowAll(true)
        .withLabelFilter(labels).exec());
    List<ContainerInfo> result = new ArrayList<>();
    for (Container container : found) {
      container(container.getId()).filter(info -> ContainerEngine.isKept(info) == kept).ifPresent(result::add);
    }
    return result;
  }

  @Override
  public void keepContainer(String id, Duration stopTimeout) {
    ContainerInfo container = container(id)
        .orElseThrow(() -> new EngineException("container " + id + " to keep for a rollback is gone"));
    stopContainer(id, stopTimeout);
    if (!ContainerEngine.isKept(container)) {
      updates.rename(id, ContainerEngine.keptName(container.name()));
    }
    setRestartPolicy(id, null);
  }

  @Override
  public void restoreContainer(String id, String name, String restartPolicy) {
    updates.rename(id, name);
    updates.restartPolicy(id, restartPolicy);
  }

  @Override
  public void setRestartPolicy(String id, String restartPolicy) {
    updates.restartPolicy(id, restartPolicy);
  }

  @Override
  public Optional<ContainerInfo> container(String idOrName) {
    try {
      return Optional.of(ContainerInfos.from(call(() -> client.inspectContainerCmd(idOrName).exec())));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public String createContainer(ContainerSpec spec) {
    if (spec.health() != null && spec.health().startInterval() != null) {
      ApiVersions.checkHealth(spec.health(), apiVersion(), spec.name(), spec.labels());
    }
    CreateContainerCmd create = ContainerRequests.create(client, spec);
    CreateContainerResponse created;
    try {
      created = call(create::exec);
    } catch (NotFoundException e) {
      String platform = spec.options().extended().platform();
      // The engine answers 404 too when the image it holds is for another platform: say which.
      throw new EngineException("image " + spec.image() + " not found for container " + spec.name()
          + (platform == null ? "" : " on platform " + platform + ": " + e.getMessage()), e);
    } catch (ConflictException e) {
      throw new EngineException("a container named " + spec.name() + " already exists", e);
    }
    String id = created.getId();
    List<String> discarded = discarded(created.getWarnings());
    if (!discarded.isEmpty()) {
      removeContainer(id);
      throw new EngineException("the engine cannot apply settings of container " + spec.name() + ": "
          + String.join(" ", discarded));
    }
    try {
      updates.joinNetworks(id, spec);
      updates.writeFiles(id, spec);
    } catch (EngineException e) {
      removeContainer(id);
      throw e;
    }
    return id;
  }

  /**
   * The create warnings that say the engine dropped a setting its kernel cannot apply (such as
   * "Your kernel does not support Block I/O weight [...] Weight discarded."): the container would
   * run without what the file asks for, so it is not created at all.
   */
  static List<String> discarded(String[] warnings) {
    return warnings == null ? List.of()
        : java.util.Arrays.stream(warnings).filter(w -> w.contains("discarded")).toList();
  }

  /** The API version the engine speaks (docker-java sends unversioned requests, so the engine's own). */
  private String apiVersion() {
    String known = apiVersion;
    if (known == null) {
      known = call(() -> client.versionCmd().exec()).getApiVersion();
      apiVersion = known;
    }
    return known;
  }

  @Override
  public void startContainer(String id) {
    try {
      call(() -> client.startContainerCmd(id).exec());
    } catch (NotModifiedException e) {
      // already running
    }
  }

  @Override
  public void stopContainer(String id, Duration timeout) {
    try {
      call(() -> client.stopContainerCmd(id).withTimeout((int) timeout.toSeconds()).exec());
    } catch (NotModifiedException | NotFoundException e) {
      // already stopped or gone
    }
  }

  @Override
  public boolean signalContainer(String id, String signal) {
    try {
      call(() -> client.killContainerCmd(id).withSignal(signal).exec());
      return true;
    } catch (NotFoundException | ConflictException e) {
      return false; // gone, or not running (the engine answers 409)
    }
  }

  @Override
  public void removeContainer(String id) {
    try {
      call(() -> client.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec());
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public List<String> logs(String id, int tailLines) {
    return LogLines.read(callback -> client.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(tailLines)
        .exec(callback), tailLines);
  }


  @Override
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    return execs.exec(id, command, timeout);
  }

  @Override
  public ExecResult exec(String id, List<String> command, ExecOptions options, Duration timeout) {
    return execs.exec(id, command, options, timeout);
  }

  @Override
  public ExecResult execToFile(String id, List<String> command, Path stdout, Duration timeout) {
    return execs.execToFile(id, command, stdout, timeout);
  }

  @Override
  public ExecResult execWithInput(String id, List<String> command, Path stdin, Duration timeout) {
    return execs.execWithInput(id, command, stdin, timeout);
  }

  @Override
  public void removeImage(String reference) {
    images.remove(reference);
  }

  @Override
  public Optional<ImageConfig> imageConfig(String reference) {
    return images.config(reference);
  }

  @Override
  public Optional<ContainerSettings> containerSettings(String id) {
    try {
      return Optional.of(Inspections.container(call(() -> client.inspectContainerCmd(id).exec())));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> createMarker(String name, Map<String, String> labels) {
    return markers.create(name, labels);
  }

  @Override
  public boolean removeMarker(String id) {
    return markers.remove(id);
  }

  @Override
  public boolean writeFile(String id, String path, byte[] content) {
    return markers.write(id, path, content);
  }

  @Override
  public Optional<byte[]> readFile(String id, String path) {
    return markers.read(id, path);
  }

  @Override
  public void sampleAhead(String id) {
    stats.sampleAhead(id);
  }

  @Override
  public Optional<ContainerStats> stats(String id) {
    return stats.stats(id);
  }

  @Override
  public Closeable events(Map<String, String> labels, Consumer<EngineEvent> listener, Consumer<Throwable> onError) {
    return DockerEvents.subscribe(client, labels, listener, onError);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  static List<String> labelFilters(Map<String, String> labels) {
    List<String> filters = new ArrayList<>();
    labels.forEach((key, value) -> filters.add(value == null ? key : key + "=" + value));
    return filters;
  }

  private <T> T call(java.util.function.Supplier<T> action) {
    return calls.call(action);
  }

  private void call(Runnable action) {
    calls.run(action);
  }
}
