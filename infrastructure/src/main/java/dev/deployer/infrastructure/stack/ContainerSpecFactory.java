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

  /** The network a service's container is attached to (its first, or the project's default). */
  public static String networkName(ComposeProject project, ComposeService service) {
    String key = service.networks().isEmpty() ? "default" : service.networks().get(0);
    NetworkSpec network = project.networks().get(key);
    return network == null ? project.name() + "_" + key : network.name();
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
        networkName(project, service),
        List.of(service.name()),
        health(service.healthcheck()),
        service.restart(),
        service.limits() == null ? null : service.limits().cpus(),
        service.limits() == null ? null : service.limits().memoryBytes());
  }

  private static List<ContainerSpec.PublishedPort> ports(ComposeService service) {
    List<ContainerSpec.PublishedPort> ports = new ArrayList<>();
    for (PortMapping port : service.ports()) {
      int hostPort = port.published().isEmpty() ? 0 : Integer.parseInt(port.published());
      ports.add(new ContainerSpec.PublishedPort(port.hostIp(), hostPort, port.target(), port.protocol()));
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
      return new ContainerSpec.Health(List.of("NONE"), null, null, 0, null);
    }
    return new ContainerSpec.Health(check.test(), check.interval(), check.timeout(), check.retries(),
        check.startPeriod());
  }
}
