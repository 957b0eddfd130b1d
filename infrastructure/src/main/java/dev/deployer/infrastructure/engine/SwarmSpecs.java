package dev.deployer.infrastructure.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmNodePlatform;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import com.github.dockerjava.api.model.VolumeOptions;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmTask;
import dev.deployer.infrastructure.engine.SwarmEngine.UpdateStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Translates between {@link SwarmServiceSpec} and the engine's service, task and spec documents. */
final class SwarmSpecs {

  private SwarmSpecs() {}

  /** The docker-java spec; {@code networkIds} turns a network name into the id the engine wants. */
  static ServiceSpec toDocker(SwarmServiceSpec spec, Function<String, String> networkIds) {
    SwarmContainerSpec container = new SwarmContainerSpec();
    container.withImage(spec.image())
        .withLabels(spec.containerLabels())
        .withEnv(spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
        .withMounts(spec.mounts().stream().map(m -> mount(m, spec)).toList());
    if (!spec.entrypoint().isEmpty()) {
      container.withCommand(spec.entrypoint());
    }
    if (!spec.command().isEmpty()) {
      container.withArgs(spec.command());
    }
    if (spec.health() != null) {
      container.withHealthCheck(health(spec.health()));
    }
    if (spec.stopGracePeriod() != null) {
      container.withStopGracePeriod(spec.stopGracePeriod().toNanos());
    }
    SwarmTaskOptions options = spec.task();
    SwarmTaskSpecs.applyTo(container, options);
    ResourceRequirements resources = new ResourceRequirements()
        .withLimits(resources(spec.cpus(), spec.memoryBytes()).withPids(options.kernel().pidsLimit()));
    if (options.cpuReservation() != null || options.memoryReservation() != null
        || !options.genericResources().isEmpty()) {
      resources.withReservations(resources(options.cpuReservation(), options.memoryReservation())
          .withDiscreteResources(options.genericResources()));
    }
    TaskSpec task = new TaskSpec()
        .withContainerSpec(container)
        .withPlacement(placement(spec.placement(), options.platform()))
        .withResources(resources)
        .withRestartPolicy(SwarmTaskSpecs.restartPolicy(restart(spec.restart()), options))
        .withNetworks(spec.networks().stream().map(n -> new NetworkAttachmentConfig()
            .withTarget(networkIds.apply(n.name())).withAliases(n.aliases())).toList());
    if (options.logDriver() != null) {
      task.withLogDriver(new Driver().withName(options.logDriver().name()).withOptions(options.logDriver().options()));
    }
    ServiceSpec service = new ServiceSpec()
        .withName(spec.name())
        .withLabels(spec.labels())
        .withTaskTemplate(task)
        .withMode(spec.global() ? new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions())
            : new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(spec.replicas())))
        .withEndpointSpec(new EndpointSpec()
            .withMode(spec.endpointMode() == SwarmServiceSpec.EndpointMode.DNSRR
                ? EndpointResolutionMode.DNSRR : EndpointResolutionMode.VIP)
            .withPorts(spec.ports().stream().map(SwarmSpecs::port).toList()));
    if (spec.update() != null) {
      service.withUpdateConfig(update(spec.update()));
    }
    if (spec.rollback() != null) {
      service.withRollbackConfig(update(spec.rollback()));
    }
    return service;
  }

  private static SwarmContainerSpec.Resources resources(Double cpus, Long memoryBytes) {
    SwarmContainerSpec.Resources specs = new SwarmContainerSpec.Resources();
    if (cpus != null) {
      specs.withNanoCPUs(Math.round(cpus * 1_000_000_000d));
    }
    if (memoryBytes != null) {
      specs.withMemoryBytes(memoryBytes);
    }
    return specs;
  }

  /** docker-java's placement has no {@code Preferences}; the engine takes them as {@code [{"Spread": {"SpreadDescriptor": X}}]}. */
  static final class Placement extends ServicePlacement {
    private static final long serialVersionUID = 1L;

    @JsonProperty("Preferences")
    private final List<Map<String, Map<String, String>>> preferences;

    Placement(List<String> spreads) {
      preferences = spreads.isEmpty() ? null
          : spreads.stream().map(s -> Map.of("Spread", Map.of("SpreadDescriptor", s))).toList();
    }

    List<Map<String, Map<String, String>>> getPreferences() {
      return preferences;
    }
  }

  /** The placement, with the platform a node must have as the engine matches it: OS and architecture. */
  private static ServicePlacement placement(SwarmServiceSpec.Placement placement, SwarmTaskOptions.Platform platform) {
    Placement result = new Placement(placement.preferences());
    result.withConstraints(placement.constraints());
    if (platform != null) {
      result.setPlatforms(List.of(new SwarmNodePlatform().withOs(platform.os())
          .withArchitecture(platform.architecture())));
    }
    if (placement.maxReplicasPerNode() != null) {
      result.withMaxReplicas(placement.maxReplicasPerNode());
    }
    return result;
  }

  private static Mount mount(ContainerSpec.Mount mount, SwarmServiceSpec spec) {
    Mount result = new Mount().withSource(mount.source()).withTarget(mount.target()).withReadOnly(mount.readOnly());
    if ("bind".equals(mount.type())) {
      return result.withType(MountType.BIND);
    }
    if ("tmpfs".equals(mount.type())) {
      return result.withType(MountType.TMPFS);
    }
    VolumeConfig declared = spec.volumes().get(mount.source());
    if (declared == null) {
      // An anonymous volume: the stack's labels, with the mount's own over them.
      Map<String, String> labels = new java.util.TreeMap<>(spec.volumeLabels());
      labels.putAll(mount.volumeLabels());
      return result.withType(MountType.VOLUME).withVolumeOptions(new VolumeOptions().withLabels(labels));
    }
    // Each node creates the volume from these the first time a task mounts it.
    VolumeOptions options = new VolumeOptions().withLabels(declared.labels());
    if (declared.driver() != null || !declared.driverOpts().isEmpty()) {
      options.withDriverConfig(new Driver().withName(declared.driver() == null ? "local" : declared.driver())
          .withOptions(declared.driverOpts()));
    }
    return result.withType(MountType.VOLUME).withVolumeOptions(options);
  }

  private static HealthCheck health(ContainerSpec.Health health) {
    HealthCheck check = new HealthCheck().withTest(health.test().isEmpty() ? null : health.test());
    if (health.interval() != null) {
      check.withInterval(health.interval().toNanos());
    }
    if (health.timeout() != null) {
      check.withTimeout(health.timeout().toNanos());
    }
    if (health.retries() > 0) {
      check.withRetries(health.retries());
    }
    if (health.startPeriod() != null) {
      check.withStartPeriod(health.startPeriod().toNanos());
    }
    if (health.startInterval() != null) {
      check.withStartInterval(health.startInterval().toNanos());
    }
    return check;
  }

  private static ServiceRestartCondition restart(SwarmServiceSpec.RestartCondition condition) {
    return switch (condition) {
      case NONE -> ServiceRestartCondition.NONE;
      case ON_FAILURE -> ServiceRestartCondition.ON_FAILURE;
      case ANY -> ServiceRestartCondition.ANY;
    };
  }

  private static PortConfig port(SwarmServiceSpec.Port port) {
    return new PortConfig()
        .withPublishedPort(port.published())
        .withTargetPort(port.target())
        .withProtocol(PortConfigProtocol.valueOf(port.protocol().toUpperCase(Locale.ROOT)))
        .withPublishMode(port.mode() == SwarmServiceSpec.PublishMode.HOST
            ? PortConfig.PublishMode.host : PortConfig.PublishMode.ingress);
  }

  private static UpdateConfig update(SwarmServiceSpec.UpdatePolicy policy) {
    UpdateConfig config = new UpdateConfig();
    if (policy.parallelism() != null) {
      config.withParallelism(policy.parallelism().longValue());
    }
    if (policy.delay() != null) {
      config.withDelay(policy.delay().toNanos());
    }
    if (policy.order() != null) {
      config.withOrder("start-first".equals(policy.order()) ? UpdateOrder.START_FIRST : UpdateOrder.STOP_FIRST);
    }
    if (policy.failureAction() != null) {
      config.withFailureAction(switch (policy.failureAction()) {
        case "rollback" -> UpdateFailureAction.ROLLBACK;
        case "continue" -> UpdateFailureAction.CONTINUE;
        default -> UpdateFailureAction.PAUSE;
      });
    }
    if (policy.monitor() != null) {
      config.withMonitor(policy.monitor().toNanos());
    }
    if (policy.maxFailureRatio() != null) {
      config.withMaxFailureRatio(policy.maxFailureRatio().floatValue());
    }
    return config;
  }

  /** A service from its JSON document ({@code GET /services/{id}}), which also holds the previous spec. */
  static SwarmService service(JsonNode json) {
    JsonNode spec = json.path("Spec");
    Map<String, String> labels = new LinkedHashMap<>();
    spec.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    // Ingress ports the engine picked are only in Endpoint.Ports, host-mode ones only in the spec.
    Set<SwarmServiceSpec.Port> ports = new LinkedHashSet<>();
    for (JsonNode list : List.of(spec.path("EndpointSpec").path("Ports"), json.path("Endpoint").path("Ports"))) {
      for (JsonNode port : list) {
        if (port.path("PublishedPort").asInt() > 0) {
          ports.add(new SwarmServiceSpec.Port(port.path("PublishedPort").asInt(), port.path("TargetPort").asInt(),
              port.path("Protocol").asText("tcp"), "host".equals(port.path("PublishMode").asText())
                  ? SwarmServiceSpec.PublishMode.HOST : SwarmServiceSpec.PublishMode.INGRESS));
        }
      }
    }
    JsonNode status = json.path("UpdateStatus");
    UpdateStatus update = status.isMissingNode() || status.isNull() ? null : new UpdateStatus(
        status.path("State").asText(null), status.path("Message").asText(null),
        instant(status.path("StartedAt").asText(null)), instant(status.path("CompletedAt").asText(null)));
    JsonNode previous = json.path("PreviousSpec").path("TaskTemplate").path("ContainerSpec").path("Image");
    return new SwarmService(json.path("ID").asText(), spec.path("Name").asText(),
        json.path("Version").path("Index").asLong(),
        spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText(null),
        previous.isMissingNode() ? null : previous.asText(null),
        spec.path("Mode").path("Replicated").path("Replicas").asInt(0),
        spec.path("UpdateConfig").path("Parallelism").asInt(1), labels, List.copyOf(ports), update,
        instant(json.path("UpdatedAt").asText(null)), spec.path("Mode").has("Global"));
  }

  static SwarmTask task(Task task) {
    var status = task.getStatus();
    var container = status == null ? null : status.getContainerStatus();
    var containerSpec = task.getSpec() == null ? null : task.getSpec().getContainerSpec();
    String image = containerSpec == null ? null : containerSpec.getImage();
    Map<String, String> labels = containerSpec == null ? null : containerSpec.getLabels();
    return new SwarmTask(task.getId(), task.getServiceId(), task.getSlot() == null ? 0 : task.getSlot(),
        task.getNodeId(),
        status == null || status.getState() == null ? "unknown" : status.getState().getValue(),
        task.getDesiredState() == null ? "unknown" : task.getDesiredState().getValue(),
        status == null ? null : status.getMessage(),
        status == null ? null : status.getErr(),
        container == null ? null : container.getContainerID(),
        container == null || container.getExitCodeLong() == null ? null : container.getExitCodeLong().intValue(),
        image, labels, instant(task.getCreatedAt()), instant(status == null ? null : status.getTimestamp()));
  }

  /**
   * What the checks need of a task's container, from its task spec: user, mounts, environment,
   * limits, entrypoint and health check overrides, and the service's host-mode ports, which the
   * task binds on its node. Swarm cannot run a task privileged.
   */
  static SwarmTaskContainer taskContainer(Task task, String node, List<SwarmServiceSpec.Port> servicePorts) {
    TaskSpec spec = task.getSpec();
    var container = spec == null || spec.getContainerSpec() == null
        ? new com.github.dockerjava.api.model.ContainerSpec() : spec.getContainerSpec();
    List<ContainerSettings.Mount> mounts = new ArrayList<>();
    if (container.getMounts() != null) {
      for (Mount mount : container.getMounts()) {
        String type = mount.getType() == null ? "volume" : mount.getType().name().toLowerCase(Locale.ROOT);
        mounts.add(new ContainerSettings.Mount(type, mount.getSource(), mount.getTarget() == null ? "" : mount.getTarget(),
            Boolean.TRUE.equals(mount.getReadOnly())));
      }
    }
    mounts.sort((a, b) -> a.target().compareTo(b.target()));
    Map<String, String> environment = new java.util.TreeMap<>();
    if (container.getEnv() != null) {
      for (String entry : container.getEnv()) {
        int equals = entry.indexOf('=');
        environment.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
      }
    }
    ResourceSpecs limits = spec == null || spec.getResources() == null ? null : spec.getResources().getLimits();
    HealthCheck health = container.getHealthCheck();
    ContainerSettings settings = new ContainerSettings(container.getUser(), false, mounts, environment,
        limits == null || limits.getNanoCPUs() == null ? 0 : limits.getNanoCPUs(),
        limits == null || limits.getMemoryBytes() == null ? 0 : limits.getMemoryBytes(),
        container.getCommand() == null ? List.of() : container.getCommand(),
        health == null || health.getTest() == null ? List.of() : health.getTest());
    List<ContainerSpec.PublishedPort> ports = servicePorts.stream()
        .filter(p -> p.mode() == SwarmServiceSpec.PublishMode.HOST)
        .map(p -> new ContainerSpec.PublishedPort("", p.published(), p.target(), p.protocol()))
        .toList();
    var status = task.getStatus() == null ? null : task.getStatus().getContainerStatus();
    return new SwarmTaskContainer(task.getId(), task.getNodeId(), node, status == null ? null : status.getContainerID(),
        container.getImage(), settings, ports);
  }

  static Instant instant(String text) {
    if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
