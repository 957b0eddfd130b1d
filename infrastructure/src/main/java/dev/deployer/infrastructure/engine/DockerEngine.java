package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Version;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link ContainerEngine} on the Docker Engine API through docker-java. */
final class DockerEngine implements ContainerEngine {

  private final DockerClient client;
  private final String host;
  private final EngineCalls calls;
  private final DockerExec execs;
  private final DockerImages images;

  DockerEngine(DockerClient client, String host) {
    this.client = client;
    this.host = host;
    this.calls = new EngineCalls(host);
    this.execs = new DockerExec(client, calls);
    this.images = new DockerImages(client, calls);
  }

  @Override
  public EngineInfo info() {
    try {
      Version version = client.versionCmd().exec();
      Info info = client.infoCmd().exec();
      boolean swarm = info.getSwarm() != null && info.getSwarm().getLocalNodeState() != null
          && "active".equalsIgnoreCase(info.getSwarm().getLocalNodeState().name());
      return new EngineInfo(version.getVersion(), version.getApiVersion(), info.getOperatingSystem(),
          info.getDockerRootDir(), swarm);
    } catch (RuntimeException e) {
      throw new EngineUnavailableException(host, e);
    }
  }

  @Override
  public Optional<String> imageId(String reference) {
    return images.imageId(reference);
  }

  @Override
  public String buildImage(Path context, String dockerfile, List<String> tags, Map<String, String> labels,
      Map<String, String> buildArgs, Consumer<String> output) {
    return images.build(context, dockerfile, tags, labels, buildArgs, output);
  }

  @Override
  public void tagImage(String imageId, String reference) {
    images.tag(imageId, reference);
  }

  @Override
  public boolean ensureNetwork(String name, Map<String, String> labels) {
    boolean exists = call(() -> client.listNetworksCmd().withNameFilter(name).exec()).stream()
        .anyMatch(network -> network.getName().equals(name));
    if (exists) {
      return false;
    }
    try {
      call(() -> client.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels)
          .withCheckDuplicate(true).exec());
      return true;
    } catch (ConflictException e) {
      return false;
    }
  }

  @Override
  public boolean ensureVolume(String name, Map<String, String> labels) {
    try {
      call(() -> client.inspectVolumeCmd(name).exec());
      return false;
    } catch (NotFoundException e) {
      call(() -> client.createVolumeCmd().withName(name).withLabels(labels).exec());
      return true;
    }
  }

  @Override
  public void removeNetwork(String name) {
    try {
      call(() -> client.removeNetworkCmd(name).exec());
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public void removeVolume(String name) {
    try {
      call(() -> client.removeVolumeCmd(name).exec());
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public List<String> networks(Map<String, String> labels) {
    return call(() -> client.listNetworksCmd().withFilter("label", labelFilters(labels)).exec())
        .stream().map(Network::getName).sorted().toList();
  }

  @Override
  public List<String> volumes(Map<String, String> labels) {
    var response = call(() -> client.listVolumesCmd().withFilter("label", labelFilters(labels)).exec());
    if (response.getVolumes() == null) {
      return List.of();
    }
    return response.getVolumes().stream().map(v -> v.getName()).sorted().toList();
  }

  @Override
  public List<ContainerInfo> containers(Map<String, String> labels) {
    List<Container> found = call(() -> client.listContainersCmd().withShowAll(true)
        .withLabelFilter(labels).exec());
    List<ContainerInfo> result = new ArrayList<>();
    for (Container container : found) {
      container(container.getId()).ifPresent(result::add);
    }
    return result;
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
    List<ExposedPort> exposed = new ArrayList<>();
    Ports bindings = new Ports();
    for (ContainerSpec.PublishedPort port : spec.ports()) {
      ExposedPort target = "udp".equals(port.protocol())
          ? ExposedPort.udp(port.containerPort()) : ExposedPort.tcp(port.containerPort());
      exposed.add(target);
      if (port.hostPort() > 0) {
        bindings.bind(target, Ports.Binding.bindIpAndPort(
            port.hostIp() == null || port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp(), port.hostPort()));
      }
    }
    HostConfig hostConfig = HostConfig.newHostConfig()
        .withPortBindings(bindings)
        .withMounts(spec.mounts().stream().map(DockerEngine::mount).toList())
        .withNetworkMode(spec.network())
        .withInit(false);
    if (spec.restartPolicy() != null && !spec.restartPolicy().isBlank()) {
      hostConfig.withRestartPolicy(RestartPolicy.parse(spec.restartPolicy()));
    }
    if (spec.cpus() != null) {
      hostConfig.withNanoCPUs((long) (spec.cpus() * 1_000_000_000L));
    }
    if (spec.memoryBytes() != null) {
      hostConfig.withMemory(spec.memoryBytes());
    }
    List<String> env = new ArrayList<>();
    spec.environment().forEach((key, value) -> env.add(key + "=" + value));
    CreateContainerCmd create = client.createContainerCmd(spec.image())
        .withName(spec.name())
        .withEnv(env)
        .withLabels(spec.labels())
        .withExposedPorts(exposed)
        .withHostConfig(hostConfig)
        .withAliases(spec.networkAliases());
    if (!spec.command().isEmpty()) {
      create.withCmd(spec.command());
    }
    if (!spec.entrypoint().isEmpty()) {
      create.withEntrypoint(spec.entrypoint());
    }
    if (spec.health() != null) {
      create.withHealthcheck(new HealthCheck()
          .withTest(spec.health().test())
          .withInterval(nanos(spec.health().interval()))
          .withTimeout(nanos(spec.health().timeout()))
          .withRetries(spec.health().retries())
          .withStartPeriod(nanos(spec.health().startPeriod())));
    }
    try {
      return call(create::exec).getId();
    } catch (NotFoundException e) {
      throw new EngineException("image " + spec.image() + " not found for container " + spec.name(), e);
    } catch (ConflictException e) {
      throw new EngineException("a container named " + spec.name() + " already exists", e);
    }
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
  public void removeContainer(String id) {
    try {
      call(() -> client.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec());
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public List<String> logs(String id, int tailLines) {
    List<String> lines = new ArrayList<>();
    try {
      client.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(tailLines)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
              synchronized (lines) {
                text.lines().forEach(lines::add);
              }
            }
          }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (NotFoundException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    return execs.exec(id, command, timeout);
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
  public Optional<ContainerStats> stats(String id) {
    com.github.dockerjava.api.model.Statistics[] sample = new com.github.dockerjava.api.model.Statistics[1];
    try {
      client.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.Statistics>() {
        @Override
        public void onNext(com.github.dockerjava.api.model.Statistics statistics) {
          sample[0] = statistics;
        }
      }).awaitCompletion(10, TimeUnit.SECONDS);
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    return Optional.ofNullable(sample[0]).map(StatsSamples::from);
  }

  @Override
  public Closeable events(Map<String, String> labels, Consumer<EngineEvent> listener, Consumer<Throwable> onError) {
    return client.eventsCmd()
        .withEventTypeFilter(EventType.CONTAINER)
        .withLabelFilter(labels)
        .withSince(String.valueOf(Instant.now().getEpochSecond()))
        .exec(new ResultCallback.Adapter<Event>() {
          @Override
          public void onNext(Event event) {
            Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : Map.copyOf(event.getActor().getAttributes());
            Instant time = event.getTimeNano() != null
                ? Instant.ofEpochSecond(0, event.getTimeNano()) : Instant.ofEpochSecond(event.getTime());
            listener.accept(new EngineEvent(time, event.getId(), event.getAction(), attributes));
          }

          @Override
          public void onError(Throwable throwable) {
            onError.accept(throwable);
          }

          /** The engine ended the stream (it restarted, say): for the subscriber, as much a failure as an error. */
          @Override
          public void onComplete() {
            onError.accept(new java.io.EOFException("event stream ended"));
            super.onComplete();
          }
        });
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private static com.github.dockerjava.api.model.Mount mount(ContainerSpec.Mount mount) {
    return new com.github.dockerjava.api.model.Mount()
        .withType("bind".equals(mount.type()) ? MountType.BIND : MountType.VOLUME)
        .withSource(mount.source())
        .withTarget(mount.target())
        .withReadOnly(mount.readOnly());
  }

  private static Long nanos(Duration duration) {
    return duration == null ? null : duration.toNanos();
  }

  private static List<String> labelFilters(Map<String, String> labels) {
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
