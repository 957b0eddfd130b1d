package dev.deployer.infrastructure.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.VolumeOptions;
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
    ContainerSpec.Options options = spec.options();
    for (String port : options.exposedPorts()) {
      exposed.add(ExposedPort.parse(port));
    }
    ContainerSpec.Network primary = spec.networks().get(0);
    HostConfig hostConfig = HostConfig.newHostConfig()
        .withPortBindings(bindings)
        .withMounts(spec.mounts().stream().filter(m -> !usesBinds(m)).map(ContainerRequests::mount).toList())
        .withNetworkMode(primary.name())
        .withInit(options.init() != null && options.init());
    List<Bind> binds = spec.mounts().stream().filter(ContainerRequests::usesBinds).map(ContainerRequests::bind)
        .toList();
    if (!binds.isEmpty()) {
      hostConfig.withBinds(binds);
    }
    HostConfigs.apply(options, hostConfig);
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
    if (!primary.aliases().isEmpty() || primary.ipv4Address() != null || primary.ipv6Address() != null) {
      create.withAliases(primary.aliases());
      if (primary.ipv4Address() != null) {
        create.withIpv4Address(primary.ipv4Address());
      }
      if (primary.ipv6Address() != null) {
        create.withIpv6Address(primary.ipv6Address());
      }
    }
    HostConfigs.apply(options, create);
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

  /**
   * True when the network's endpoint needs settings docker-java does not put on a create request's
   * own endpoint (link-local addresses, a MAC address): the container joins it again with them.
   */
  static boolean needsOwnEndpoint(ContainerSpec.Network network) {
    return !network.linkLocalIps().isEmpty() || network.macAddress() != null;
  }

  /**
   * The first network's endpoint when the container joins it again: what the create request sent
   * for it (on a user-defined network, that includes the links) and what it could not.
   */
  static ContainerNetwork primaryEndpoint(ContainerSpec spec) {
    ContainerSpec.Network primary = spec.networks().get(0);
    ContainerNetwork endpoint = endpoint(primary);
    List<String> links = spec.options().links();
    if (!links.isEmpty() && HostConfig.newHostConfig().withNetworkMode(primary.name()).isUserDefinedNetwork()) {
      endpoint.withLinks(links.stream().map(Link::parse).toList());
    }
    return endpoint;
  }

  /** The endpoint settings for joining a network: aliases, static and link-local addresses, MAC address. */
  static ContainerNetwork endpoint(ContainerSpec.Network network) {
    ContainerNetwork endpoint = new ContainerNetwork().withAliases(network.aliases());
    if (network.macAddress() != null) {
      endpoint.withMacAddress(network.macAddress());
    }
    if (network.ipv4Address() != null || network.ipv6Address() != null || !network.linkLocalIps().isEmpty()) {
      endpoint.withIpamConfig(new EndpointIpam(network.linkLocalIps()).withIpv4Address(network.ipv4Address())
          .withIpv6Address(network.ipv6Address()));
    }
    return endpoint;
  }

  /** The endpoint's IPAM config with its link-local addresses, which docker-java's own lacks. */
  static final class EndpointIpam extends ContainerNetwork.Ipam {

    private static final long serialVersionUID = 1L;

    @JsonProperty("LinkLocalIPs")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private final List<String> linkLocalIps;

    EndpointIpam(List<String> linkLocalIps) {
      this.linkLocalIps = List.copyOf(linkLocalIps);
    }

    List<String> linkLocalIps() {
      return linkLocalIps;
    }
  }

  /**
   * SELinux relabelling and creating a missing host directory exist only in the engine's older
   * {@code Binds} form (the Mounts API refuses a missing source); Compose uses it for them too.
   */
  private static boolean usesBinds(ContainerSpec.Mount mount) {
    return "bind".equals(mount.type()) && (mount.createHostPath() || mount.selinux() != null);
  }

  private static Bind bind(ContainerSpec.Mount mount) {
    StringBuilder modes = new StringBuilder(mount.readOnly() ? "ro" : "rw");
    if (mount.selinux() != null) {
      modes.append(',').append(mount.selinux());
    }
    if (mount.propagation() != null) {
      modes.append(',').append(mount.propagation());
    }
    return Bind.parse(mount.source() + ":" + mount.target() + ":" + modes);
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
    com.github.dockerjava.api.model.Mount result = new com.github.dockerjava.api.model.Mount()
        .withTarget(mount.target())
        .withReadOnly(mount.readOnly());
    switch (mount.type()) {
      case "bind" -> {
        result.withType(MountType.BIND).withSource(mount.source());
        if (mount.propagation() != null) {
          result.withBindOptions(new BindOptions().withPropagation(BindPropagation.valueOf(
              mount.propagation().toUpperCase(java.util.Locale.ROOT))));
        }
      }
      case "tmpfs" -> {
        TmpfsOptions tmpfs = new TmpfsOptions();
        if (mount.tmpfsSize() != null) {
          tmpfs.withSizeBytes(mount.tmpfsSize());
        }
        if (mount.tmpfsMode() != null) {
          tmpfs.withMode(mount.tmpfsMode());
        }
        result.withType(MountType.TMPFS).withTmpfsOptions(tmpfs);
      }
      default -> {
        result.withType(MountType.VOLUME).withSource(mount.source());
        if (mount.noCopy() || !mount.volumeLabels().isEmpty()) {
          // The engine gives the labels to a volume the mount creates (an anonymous one) only.
          result.withVolumeOptions(new VolumeOptions().withNoCopy(mount.noCopy() ? true : null)
              .withLabels(mount.volumeLabels().isEmpty() ? null : mount.volumeLabels()));
        }
      }
    }
    return result;
  }

  private static Long nanos(Duration duration) {
    return duration == null ? null : duration.toNanos();
  }
}
