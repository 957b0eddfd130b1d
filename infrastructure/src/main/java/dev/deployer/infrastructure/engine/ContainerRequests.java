package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a {@link ContainerSpec} into the engine's create request, the way Docker Compose builds it. */
final class ContainerRequests {

  private ContainerRequests() {}

  /**
   * The create request: on the spec's first network only (engines before API 1.44 take one), so
   * the caller connects the others before starting the container, as Compose does.
   */
  static CreateContainerCmd create(DockerClient client, ContainerSpec spec) {
    Set<ExposedPort> exposed = new LinkedHashSet<>();
    Ports bindings = new Ports();
    for (ContainerSpec.PortBinding port : spec.ports()) {
      ExposedPort target = exposedPort(port);
      exposed.add(target);
      bindings.bind(target, binding(port));
    }
    ContainerSpec.Network primary = spec.networks().get(0);
    HostConfig hostConfig = HostConfig.newHostConfig()
        .withPortBindings(bindings)
        .withMounts(spec.mounts().stream().map(ContainerRequests::mount).toList())
        .withNetworkMode(primary.name())
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
        .withExposedPorts(List.copyOf(exposed))
        .withHostConfig(hostConfig);
    if (!primary.aliases().isEmpty()) {
      create.withAliases(primary.aliases());
    }
    if (!spec.command().isEmpty()) {
      create.withCmd(spec.command());
    }
    if (!spec.entrypoint().isEmpty()) {
      create.withEntrypoint(spec.entrypoint());
    }
    if (spec.health() != null) {
      create.withHealthcheck(health(spec.health()));
    }
    return create;
  }

  static ExposedPort exposedPort(ContainerSpec.PortBinding port) {
    return new ExposedPort(port.containerPort(), InternetProtocol.parse(port.protocol()));
  }

  /**
   * The host side: one port, a range the engine picks a free port from (as {@code docker run -p
   * 8000-8002:80} does), or "" for an ephemeral port; on 0.0.0.0 when no host IP is given.
   */
  static Ports.Binding binding(ContainerSpec.PortBinding port) {
    return new Ports.Binding(port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp(), port.hostPorts());
  }

  static HealthCheck health(ContainerSpec.Health health) {
    return new HealthCheck()
        .withTest(health.test())
        .withInterval(nanos(health.interval()))
        .withTimeout(nanos(health.timeout()))
        .withRetries(health.retries())
        .withStartPeriod(nanos(health.startPeriod()))
        .withStartInterval(nanos(health.startInterval()));
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
}
