package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ImageBuild;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.ContainerStats;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.VolumeConfig;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An engine in memory, for the container lifecycle without Docker: containers with names, labels,
 * state and restart policy, with Docker's rules that matter here (names are unique; a running
 * container counts as healthy once started). Every change is logged in {@link #changes}.
 */
public final class FakeEngine implements ContainerEngine {

  /** One container as the fake engine holds it. */
  static final class Box {
    final String id;
    String name;
    final String image;
    final Map<String, String> labels;
    String state = "created";
    String restartPolicy;

    Box(String id, String name, String image, Map<String, String> labels, String restartPolicy) {
      this.id = id;
      this.name = name;
      this.image = image;
      this.labels = Map.copyOf(labels);
      this.restartPolicy = restartPolicy;
    }

    ContainerInfo info() {
      return new ContainerInfo(id, name, image, image, labels, state, "running".equals(state) ? "healthy" : null, 0, 0,
          false, Instant.EPOCH, List.of());
    }
  }

  final Map<String, Box> boxes = new LinkedHashMap<>();
  final Set<String> networks = new TreeSet<>();
  final Set<String> volumes = new TreeSet<>();
  /** What each network and volume was created with. */
  final Map<String, NetworkConfig> networkConfigs = new LinkedHashMap<>();
  final Map<String, VolumeConfig> volumeConfigs = new LinkedHashMap<>();
  final Set<String> removedImages = new TreeSet<>();
  final List<String> changes = new ArrayList<>();
  /** Files written into containers, by "id:path". */
  final Map<String, byte[]> files = new LinkedHashMap<>();
  private int nextId = 1;

  synchronized Box box(String idOrName) {
    Box box = boxes.get(idOrName);
    if (box == null) {
      box = boxes.values().stream().filter(b -> b.name.equals(idOrName)).findFirst().orElse(null);
    }
    if (box == null) {
      throw new EngineException("no container " + idOrName);
    }
    return box;
  }

  @Override
  public EngineInfo info() {
    return new EngineInfo("24.0", "1.43", "Fake", "/", false);
  }

  /** Image references that are not on this engine; every other one is, with itself as its id. */
  final java.util.Set<String> missingImages = new java.util.HashSet<>();
  /** Tags given with {@link #tagImage}: reference to image id. */
  final Map<String, String> tags = new java.util.TreeMap<>();

  @Override
  public Optional<String> imageId(String reference) {
    return missingImages.contains(reference) ? Optional.empty() : Optional.of(reference);
  }

  @Override
  public String pullImage(String reference, Duration timeout) {
    throw new UnsupportedOperationException("pullImage");
  }

  @Override
  public String buildImage(ImageBuild build, Consumer<String> output) {
    throw new UnsupportedOperationException("buildImage");
  }

  @Override
  public void tagImage(String imageId, String reference) {
    tags.put(reference, imageId);
  }

  @Override
  public synchronized boolean ensureNetwork(NetworkConfig network) {
    if (!networks.add(network.name())) {
      return false;
    }
    networkConfigs.put(network.name(), network);
    changes.add("create network " + network.name());
    return true;
  }

  @Override
  public synchronized Optional<NetworkConfig> network(String name) {
    return Optional.ofNullable(networkConfigs.get(name));
  }

  @Override
  public synchronized boolean ensureVolume(VolumeConfig volume) {
    if (!volumes.add(volume.name())) {
      return false;
    }
    volumeConfigs.put(volume.name(), volume);
    changes.add("create volume " + volume.name());
    return true;
  }

  @Override
  public synchronized Optional<VolumeConfig> volume(String name) {
    return Optional.ofNullable(volumeConfigs.get(name));
  }

  @Override
  public synchronized void removeNetwork(String name) {
    requireUnused("network", name);
    networks.remove(name);
    networkConfigs.remove(name);
    changes.add("remove network " + name);
  }

  @Override
  public synchronized void removeVolume(String name) {
    requireUnused("volume", name);
    volumes.remove(name);
    volumeConfigs.remove(name);
    changes.add("remove volume " + name);
  }

  /** Docker refuses to remove a network or volume that a container, running or not, still uses. */
  private void requireUnused(String kind, String name) {
    if (!boxes.isEmpty() && boxes.values().stream().anyMatch(b -> b.labels.containsKey("com.docker.compose.project"))) {
      throw new EngineException(kind + " " + name + " is in use by " + boxes.values().stream().map(b -> b.name).toList());
    }
  }

  @Override
  public synchronized List<String> networks(Map<String, String> labels) {
    return List.copyOf(networks);
  }

  @Override
  public synchronized List<String> volumes(Map<String, String> labels) {
    return List.copyOf(volumes);
  }

  @Override
  public synchronized List<ContainerInfo> containers(Map<String, String> labels) {
    return listed(labels, false);
  }

  @Override
  public synchronized List<ContainerInfo> keptContainers(Map<String, String> labels) {
    return listed(labels, true);
  }

  private List<ContainerInfo> listed(Map<String, String> labels, boolean kept) {
    return boxes.values().stream().filter(b -> b.labels.entrySet().containsAll(labels.entrySet()))
        .map(Box::info).filter(info -> ContainerEngine.isKept(info) == kept).toList();
  }

  @Override
  public synchronized Optional<ContainerInfo> container(String idOrName) {
    try {
      return Optional.of(box(idOrName).info());
    } catch (EngineException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized String createContainer(ContainerSpec spec) {
    if (boxes.values().stream().anyMatch(b -> b.name.equals(spec.name()))) {
      throw new EngineException("a container named " + spec.name() + " already exists");
    }
    String id = "c" + nextId++;
    boxes.put(id, new Box(id, spec.name(), spec.image(), spec.labels(), spec.restartPolicy()));
    changes.add("create " + spec.name());
    return id;
  }

  @Override
  public synchronized Optional<String> createMarker(String name, Map<String, String> labels) {
    if (boxes.values().stream().anyMatch(b -> b.name.equals(name))) {
      return Optional.empty();
    }
    String id = "c" + nextId++;
    boxes.put(id, new Box(id, name, "deployer-marker:1", labels, null));
    return Optional.of(id);
  }

  @Override
  public synchronized boolean removeMarker(String id) {
    files.keySet().removeIf(key -> key.startsWith(id + ":"));
    return boxes.remove(id) != null;
  }

  @Override
  public synchronized boolean writeFile(String id, String path, byte[] content) {
    if (!boxes.containsKey(id)) {
      return false;
    }
    files.put(id + ":" + path, content.clone());
    return true;
  }

  @Override
  public synchronized Optional<byte[]> readFile(String id, String path) {
    return Optional.ofNullable(files.get(id + ":" + path));
  }

  @Override
  public synchronized void startContainer(String id) {
    Box box = box(id);
    box.state = "running";
    changes.add("start " + box.name);
  }

  @Override
  public synchronized void stopContainer(String id, Duration timeout) {
    Box box = box(id);
    box.state = "exited";
    changes.add("stop " + box.name);
  }

  @Override
  public synchronized void setRestartPolicy(String id, String restartPolicy) {
    Box box = box(id);
    box.restartPolicy = restartPolicy == null || restartPolicy.isBlank() ? "no" : restartPolicy;
    changes.add("restart policy " + box.restartPolicy + " " + box.name);
  }

  @Override
  public synchronized boolean signalContainer(String id, String signal) {
    Box box = box(id);
    if (!"running".equals(box.state)) {
      return false;
    }
    changes.add(signal + " " + box.name);
    return true;
  }

  @Override
  public synchronized void removeContainer(String id) {
    Box box = boxes.remove(id);
    if (box != null) {
      changes.add("remove " + box.name);
    }
  }

  @Override
  public synchronized void keepContainer(String id, Duration stopTimeout) {
    Box box = box(id);
    String kept = ContainerEngine.isKept(box.info()) ? box.name : ContainerEngine.keptName(box.name);
    if (!kept.equals(box.name) && boxes.values().stream().anyMatch(b -> b.name.equals(kept))) {
      throw new EngineException("a container named " + kept + " already exists");
    }
    box.state = "exited";
    box.restartPolicy = "no";
    changes.add("keep " + box.name + " as " + kept);
    box.name = kept;
  }

  @Override
  public synchronized void restoreContainer(String id, String name, String restartPolicy) {
    Box box = box(id);
    if (boxes.values().stream().anyMatch(b -> b != box && b.name.equals(name))) {
      throw new EngineException("a container named " + name + " already exists");
    }
    changes.add("restore " + box.name + " as " + name);
    box.name = name;
    box.restartPolicy = restartPolicy;
  }

  @Override
  public List<String> logs(String id, int tailLines) {
    return List.of();
  }

  /** Only {@code cat PATH} in a running container: a file {@link #writeFile} put there, or exit 1. */
  @Override
  public synchronized ExecResult exec(String id, List<String> command, Duration timeout) {
    if (command.size() != 2 || !command.get(0).equals("cat")) {
      throw new UnsupportedOperationException("exec " + command);
    }
    if (!"running".equals(box(id).state)) {
      throw new EngineException("container " + box(id).name + " is not running");
    }
    byte[] content = files.get(box(id).id + ":" + command.get(1));
    return content == null ? new ExecResult(1, "", "cat: " + command.get(1) + ": No such file or directory\n")
        : new ExecResult(0, new String(content, java.nio.charset.StandardCharsets.UTF_8), "");
  }

  /** Commands (joined by spaces) that exit 1 when run with {@link #exec(String, List, ExecOptions, Duration)}. */
  final Set<String> failingCommands = new TreeSet<>();

  /** A lifecycle hook: logged as "exec NAME COMMAND" in {@link #changes}; only in a running container. */
  @Override
  public synchronized ExecResult exec(String id, List<String> command, ExecOptions options, Duration timeout) {
    Box box = box(id);
    if (!"running".equals(box.state)) {
      throw new EngineException("container " + box.name + " is not running");
    }
    String line = String.join(" ", command);
    changes.add("exec " + box.name + " " + line);
    return failingCommands.contains(line) ? new ExecResult(1, "", "failed\n") : new ExecResult(0, "", "");
  }

  @Override
  public synchronized void removeImage(String reference) {
    removedImages.add(reference);
  }

  @Override
  public Optional<ContainerStats> stats(String id) {
    return Optional.empty();
  }

  @Override
  public Closeable events(Map<String, String> labels, Consumer<dev.deployer.infrastructure.engine.EngineEvent> listener,
      Consumer<Throwable> onError) {
    return () -> { }; // no events: waits fall back to polling
  }

  @Override
  public void close() {
    // nothing held
  }
}
