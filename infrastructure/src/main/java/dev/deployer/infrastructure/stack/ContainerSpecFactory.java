package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.Healthcheck;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.compose.VolumeMount;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a Compose service into the container Docker Compose would create for it. */
public final class ContainerSpecFactory {

  private ContainerSpecFactory() {}

  public static String containerName(ComposeProject project, String service, int number) {
    return project.name() + "-" + service + "-" + number;
  }

  /**
   * The networks a service's container joins, in the file's order (the project's default when it
   * lists none), each with the service name as alias so that other services reach it by name.
   */
  public static List<ContainerSpec.Network> networks(ComposeProject project, ComposeService service) {
    List<ContainerSpec.Network> networks = new ArrayList<>();
    for (String key : service.effectiveNetworks()) {
      NetworkSpec network = project.networks().get(key);
      networks.add(new ContainerSpec.Network(network == null ? project.name() + "_" + key : network.name(),
          List.of(service.name())));
    }
    return networks;
  }

  public static ContainerSpec create(ComposeProject project, ComposeService service, String image,
      String configHash, String release) {
    int number = 1;
    Map<String, String> labels = new java.util.TreeMap<>(service.labels());
    labels.putAll(ComposeLabels.container(project.name(), service.name(), number, configHash,
        project.workingDir(), project.configFiles(), release));
    return new ContainerSpec(
        containerName(project, service.name(), number),
        image,
        service.entrypoint(),
        service.command(),
        service.environment(),
        labels,
        ports(service),
        mounts(project, service),
        networks(project, service),
        health(service.healthcheck()),
        service.restart(),
        service.limits() == null ? null : service.limits().cpus(),
        service.limits() == null ? null : service.limits().memoryBytes());
  }

  /**
   * One binding per mapping. The parser has already split matching ranges port by port, so a range
   * left in {@code published} maps several host ports to one container port: the engine binds
   * whichever of them is free, as it does for Compose.
   */
  static List<ContainerSpec.PortBinding> ports(ComposeService service) {
    List<ContainerSpec.PortBinding> ports = new ArrayList<>();
    for (PortMapping port : service.ports()) {
      ports.add(new ContainerSpec.PortBinding(port.hostIp(), port.published(), port.target(), port.protocol()));
    }
    return ports;
  }

  private static List<ContainerSpec.Mount> mounts(ComposeProject project, ComposeService service) {
    List<ContainerSpec.Mount> mounts = new ArrayList<>();
    for (VolumeMount volume : service.volumes()) {
      String source = volume.source();
      if ("volume".equals(volume.type())) {
        VolumeSpec spec = project.volumes().get(source);
        source = spec == null ? source : spec.name();
      }
      mounts.add(new ContainerSpec.Mount(volume.type(), source, volume.target(), volume.readOnly()));
    }
    return mounts;
  }

  private static ContainerSpec.Health health(Healthcheck check) {
    if (check == null) {
      return null;
    }
    if (check.disabled()) {
      return new ContainerSpec.Health(List.of("NONE"), null, null, 0, null, null);
    }
    return new ContainerSpec.Health(check.test(), check.interval(), check.timeout(), check.retries(),
        check.startPeriod(), check.startInterval());
  }
}
