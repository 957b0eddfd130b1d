package dev.deployer.infrastructure.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link SwarmEngine} on the Docker Engine API through docker-java. Service documents are read
 * as JSON from the same transport, because docker-java's model has no previous spec, and
 * {@code docker service rollback} is an update with {@code rollback=previous}, which its
 * command does not offer.
 */
final class DockerSwarmEngine implements SwarmEngine {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient client;
  private final DockerHttpClient http;
  private final String host;
  private final DockerSwarmFiles files;

  DockerSwarmEngine(DockerClient client, DockerHttpClient http, String host) {
    this.client = client;
    this.http = http;
    this.host = host;
    this.files = new DockerSwarmFiles(this::send);
  }

  @Override
  public SwarmState swarm() {
    SwarmInfo info = call(() -> client.infoCmd().exec()).getSwarm();
    if (info == null) {
      return new SwarmState("inactive", "", "", false, 0, 0, null);
    }
    String state = info.getLocalNodeState() == null ? "inactive" : info.getLocalNodeState().getValue();
    return new SwarmState(state.isEmpty() ? "inactive" : state, Objects.toString(info.getNodeID(), ""),
        Objects.toString(info.getNodeAddr(), ""), Boolean.TRUE.equals(info.getControlAvailable()),
        info.getNodes() == null ? 0 : info.getNodes(), info.getManagers() == null ? 0 : info.getManagers(),
        info.getError() == null || info.getError().isEmpty() ? null : info.getError());
  }

  @Override
  public void init(String advertiseAddress) {
    call(() -> client.initializeSwarmCmd(new SwarmSpec())
        .withAdvertiseAddr(advertiseAddress)
        .withListenAddr(advertiseAddress + ":2377")
        .exec());
  }

  /**
   * Leaves swarm mode, then reconnects every running container to the user-defined bridge networks
   * it is on, with the same aliases: leaving a swarm drops the embedded DNS records of containers
   * that were already running (moby/moby#45144), so a stack deployed before the swarm would no
   * longer find its own services by name. Reconnecting registers them again.
   */
  @Override
  public void leave(boolean force) {
    call(() -> client.leaveSwarmCmd().withForceEnabled(force).exec());
    for (com.github.dockerjava.api.model.Container listed : call(() -> client.listContainersCmd().exec())) {
      var container = call(() -> client.inspectContainerCmd(listed.getId()).exec());
      container.getNetworkSettings().getNetworks().forEach((network, endpoint) -> {
        if (!List.of("bridge", "host", "none").contains(network) && !network.equals("docker_gwbridge")) {
          reconnect(listed.getId(), network, endpoint);
        }
      });
    }
  }

  private void reconnect(String containerId, String network,
      com.github.dockerjava.api.model.ContainerNetwork endpoint) {
    List<String> aliases = endpoint.getAliases() == null ? List.of()
        : endpoint.getAliases().stream().filter(alias -> !containerId.startsWith(alias)).toList();
    call(() -> client.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(containerId).exec());
    call(() -> client.connectToNetworkCmd().withNetworkId(network).withContainerId(containerId)
        .withContainerNetwork(new com.github.dockerjava.api.model.ContainerNetwork().withAliases(aliases)).exec());
  }

  @Override
  public boolean ensureNetwork(NetworkConfig network) {
    if (networkId(network.name()).isPresent()) {
      return false;
    }
    try {
      call(() -> client.createNetworkCmd().withName(network.name())
          .withDriver(network.driver() == null ? "overlay" : network.driver()).withOptions(network.options())
          .withInternal(network.internal()).withAttachable(network.attachable())
          .withLabels(network.labels()).withCheckDuplicate(true).exec());
      return true;
    } catch (ConflictException e) {
      return false;
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
  public List<String> networks(Map<String, String> labels) {
    List<String> filters = new ArrayList<>();
    labels.forEach((key, value) -> filters.add(key + "=" + value));
    return call(() -> client.listNetworksCmd().withFilter("label", filters).exec()).stream()
        .map(Network::getName).sorted().toList();
  }

  @Override
  public List<SwarmService> services(Map<String, String> labels) {
    List<String> filters = new ArrayList<>();
    labels.forEach((key, value) -> filters.add(key + "=" + value));
    String query = "?filters=" + URLEncoder.encode(
        JSON.createObjectNode().set("label", JSON.valueToTree(filters)).toString(), StandardCharsets.UTF_8);
    List<SwarmService> services = new ArrayList<>();
    for (JsonNode service : get("/services" + query)) {
      services.add(SwarmSpecs.service(service));
    }
    services.sort(Comparator.comparing(SwarmService::name));
    return services;
  }

  @Override
  public Optional<SwarmService> service(String nameOrId) {
    JsonNode service = get("/services/" + encode(nameOrId));
    return service == null ? Optional.empty() : Optional.of(SwarmSpecs.service(service));
  }

  @Override
  public String createService(SwarmServiceSpec spec) {
    try {
      return call(() -> client.createServiceCmd(toDocker(spec)).exec()).getId();
    } catch (ConflictException e) {
      throw new EngineException("a service named " + spec.name() + " already exists", e);
    } catch (DockerException e) {
      throw new EngineException("creating service " + spec.name() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void updateService(String id, long version, SwarmServiceSpec spec) {
    try {
      call(() -> client.updateServiceCmd(id, toDocker(spec))
          .withVersion(version).exec());
    } catch (DockerException e) {
      throw new EngineException("updating service " + spec.name() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void rollbackService(String id) {
    JsonNode service = get("/services/" + encode(id));
    if (service == null) {
      throw new EngineException("no service " + id + " to roll back");
    }
    if (service.path("PreviousSpec").isMissingNode()) {
      throw new EngineException("service " + id + " has no previous spec to roll back to");
    }
    long version = service.path("Version").path("Index").asLong();
    byte[] body = service.path("Spec").toString().getBytes(StandardCharsets.UTF_8);
    send(DockerHttpClient.Request.Method.POST, "/services/" + encode(id) + "/update?version=" + version
        + "&rollback=previous", body);
  }

  @Override
  public void removeService(String id) {
    try {
      call(() -> client.removeServiceCmd(id).exec());
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public List<SwarmTask> tasks(String serviceId) {
    return listTasks(serviceId).stream()
        .map(SwarmSpecs::task)
        .sorted(Comparator.comparing(SwarmTask::createdAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder())))
        .toList();
  }

  /** The newest running task off this node; its node's hostname from the node list. */
  @Override
  public Optional<SwarmTaskContainer> taskElsewhere(String serviceName) {
    Optional<SwarmService> service = service(serviceName);
    if (service.isEmpty()) {
      return Optional.empty();
    }
    String here = swarm().nodeId();
    Optional<com.github.dockerjava.api.model.Task> task = listTasks(service.get().id()).stream()
        .filter(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING
            && t.getDesiredState() == TaskState.RUNNING && t.getNodeId() != null && !t.getNodeId().equals(here))
        .max(Comparator.comparing(t -> Objects.toString(t.getCreatedAt(), "")));
    if (task.isEmpty()) {
      return Optional.empty();
    }
    String node = call(() -> client.listSwarmNodesCmd().withIdFilter(List.of(task.get().getNodeId())).exec()).stream()
        .map(n -> n.getDescription() == null ? null : n.getDescription().getHostname())
        .filter(Objects::nonNull).findFirst().orElse(task.get().getNodeId());
    return Optional.of(SwarmSpecs.taskContainer(task.get(), node, service.get().ports()));
  }

  @Override
  public List<SwarmNode> nodes() {
    return call(() -> client.listSwarmNodesCmd().exec()).stream().map(node -> new SwarmNode(node.getId(),
        node.getDescription() == null ? node.getId() : node.getDescription().getHostname(),
        node.getStatus() == null || node.getStatus().getState() == null ? "unknown"
            : node.getStatus().getState().name().toLowerCase(java.util.Locale.ROOT),
        node.getSpec() == null || node.getSpec().getAvailability() == null ? "active"
            : node.getSpec().getAvailability().name().toLowerCase(java.util.Locale.ROOT),
        node.getManagerStatus() != null, platform(node))).toList();
  }

  private static String platform(com.github.dockerjava.api.model.SwarmNode node) {
    var platform = node.getDescription() == null ? null : node.getDescription().getPlatform();
    return platform == null || platform.getOs() == null || platform.getArchitecture() == null ? null
        : platform.getOs() + "/" + platform.getArchitecture();
  }

  @Override
  public Optional<String> fileObject(SwarmFileGrant.Kind kind, String name) {
    return files.id(kind, name);
  }

  @Override
  public boolean ensureFileObject(SwarmFileGrant.Kind kind, String name, byte[] data, Map<String, String> labels,
      String templateDriver) {
    return files.ensure(kind, name, data, labels, templateDriver);
  }

  @Override
  public List<String> fileObjects(SwarmFileGrant.Kind kind, Map<String, String> labels) {
    return files.names(kind, labels);
  }

  @Override
  public boolean removeFileObject(SwarmFileGrant.Kind kind, String name) {
    return files.remove(kind, name);
  }

  @Override
  public List<String> taskLogs(String taskId, int tailLines) {
    return LogLines.read(callback -> client.logTaskCmd(taskId).withStdout(true).withStderr(true).withTail(tailLines)
        .exec(callback), tailLines);
  }


  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  /**
   * The service's tasks, read from the same transport: a task whose container spec has groups
   * (a list) would fail docker-java's own reading (see {@link SwarmContainerSpec#tasks}).
   */
  private List<com.github.dockerjava.api.model.Task> listTasks(String serviceId) {
    String query = "?filters=" + URLEncoder.encode(
        JSON.createObjectNode().set("service", JSON.valueToTree(List.of(serviceId))).toString(), StandardCharsets.UTF_8);
    JsonNode tasks = get("/tasks" + query);
    return tasks == null || !tasks.isArray() ? List.of()
        : SwarmContainerSpec.tasks(tasks);
  }

  /** The docker-java spec with the service's secrets and configs given by id. */
  private com.github.dockerjava.api.model.ServiceSpec toDocker(SwarmServiceSpec spec) {
    com.github.dockerjava.api.model.ServiceSpec service = SwarmSpecs.toDocker(spec, this::requireNetworkId);
    files.attach(service, spec.files());
    return service;
  }

  private Optional<String> networkId(String name) {
    return call(() -> client.listNetworksCmd().withNameFilter(name).exec()).stream()
        .filter(n -> n.getName().equals(name)).map(Network::getId).findFirst();
  }

  private String requireNetworkId(String name) {
    return networkId(name).orElseThrow(() -> new EngineException("no network " + name));
  }

  /** The JSON document at {@code path}, or null when the engine answers 404. */
  private JsonNode get(String path) {
    return send(DockerHttpClient.Request.Method.GET, path, null);
  }

  private JsonNode send(DockerHttpClient.Request.Method method, String path, byte[] body) {
    DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder().method(method).path(path);
    if (body != null) {
      request.putHeader("Content-Type", "application/json").body(new ByteArrayInputStream(body));
    }
    try (DockerHttpClient.Response response = call(() -> http.execute(request.build()));
        InputStream in = response.getBody()) {
      byte[] answer = in == null ? new byte[0] : in.readAllBytes();
      if (response.getStatusCode() == 404) {
        return null;
      }
      if (response.getStatusCode() >= 300) {
        String message = answer.length == 0 ? "" : JSON.readTree(answer).path("message").asText("");
        throw new EngineException(method + " " + path + " failed (" + response.getStatusCode() + "): " + message);
      }
      return answer.length == 0 ? JSON.nullNode() : JSON.readTree(answer);
    } catch (IOException e) {
      throw new EngineUnavailableException(host, e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  private <T> T call(Supplier<T> action) {
    return new EngineCalls(host).call(action);
  }
}
