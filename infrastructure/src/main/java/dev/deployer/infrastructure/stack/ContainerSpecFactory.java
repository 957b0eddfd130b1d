package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.FileSource;
import dev.deployer.infrastructure.compose.Healthcheck;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.compose.VolumeMount;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a Compose service into the container Docker Compose would create for it. */
public final class ContainerSpecFactory {

  private ContainerSpecFactory() {}

  /** The service's {@code container_name}, or the name Compose gives its container {@code number}. */
  public static String containerName(ComposeProject project, String service, int number) {
    ComposeService declared = project.services().get(service);
    if (declared != null && declared.options().containerName() != null) {
      return declared.options().containerName();
    }
    return project.name() + "-" + service + "-" + number;
  }

  /**
   * The networks a service's container joins, highest {@code priority} first and otherwise in the
   * file's order (the project's default when it lists none), each with the service name and the
   * file's aliases, and its static and link-local addresses. A {@code network_mode} is the only
   * "network" (a {@code service:x} one becomes the container's).
   */
  public static List<ContainerSpec.Network> networks(ComposeProject project, ComposeService service) {
    String mode = service.options().networkMode();
    if (mode != null) {
      return List.of(new ContainerSpec.Network(containerReference(project, mode), List.of()));
    }
    List<ContainerSpec.Network> networks = new ArrayList<>();
    List<String> keys = new ArrayList<>(service.effectiveNetworks());
    keys.sort(java.util.Comparator.comparingInt((String key) -> priority(service, key)).reversed());
    for (String key : keys) {
      NetworkSpec network = project.networks().get(key);
      ServiceOptions.Attachment attachment = service.options().networkSettings().get(key);
      List<String> aliases = new ArrayList<>(List.of(service.name()));
      if (attachment != null) {
        attachment.aliases().stream().filter(alias -> !aliases.contains(alias)).forEach(aliases::add);
      }
      networks.add(new ContainerSpec.Network(network == null ? project.name() + "_" + key : network.name(),
          aliases, attachment == null ? null : attachment.ipv4Address(),
          attachment == null ? null : attachment.ipv6Address(),
          attachment == null ? List.of() : attachment.linkLocalIps(),
          attachment == null ? null : attachment.macAddress()));
    }
    return networks;
  }

  private static int priority(ComposeService service, String network) {
    ServiceOptions.Attachment attachment = service.options().networkSettings().get(network);
    return attachment == null || attachment.priority() == null ? 0 : attachment.priority();
  }

  /** {@code service:x} as the engine's {@code container:<x's container>}; anything else as it is. */
  static String containerReference(ComposeProject project, String value) {
    if (value != null && value.startsWith("service:")) {
      return "container:" + containerName(project, value.substring("service:".length()), 1);
    }
    return value;
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
        service.limits() == null ? null : service.limits().memoryBytes(),
        ContainerOptions.of(project, service),
        injectedFiles(service));
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
    List<ContainerSpec.Mount> mounts = new ArrayList<>(volumeMounts(project, service));
    // Compose bind-mounts file-based secrets and configs read-only.
    for (ServiceOptions.FileGrant grant : concat(service.options().secrets(), service.options().configs())) {
      if (grant.from().kind() == FileSource.Kind.FILE) {
        mounts.add(new ContainerSpec.Mount("bind", grant.file().toString(), grant.target(), true));
      }
    }
    return mounts;
  }

  /**
   * Secrets and configs from an environment variable or inline content, written into the container
   * before it starts, as Compose does: mode 0444 unless the grant sets one, owned by root unless it
   * sets a uid or gid. The pre-deployment checks refuse a variable that is not set.
   */
  static List<ContainerSpec.File> injectedFiles(ComposeService service) {
    List<ContainerSpec.File> files = new ArrayList<>();
    for (ServiceOptions.FileGrant grant : concat(service.options().secrets(), service.options().configs())) {
      FileSource from = grant.from();
      if (from.injected()) {
        if (from.value() == null) {
          throw new IllegalStateException("environment variable " + from.environment() + " required by "
              + from.key() + " is not set");
        }
        files.add(new ContainerSpec.File(grant.target(), from.value(),
            grant.uid() == null ? null : Integer.valueOf(grant.uid()),
            grant.gid() == null ? null : Integer.valueOf(grant.gid()),
            grant.mode() == null ? 0444 : grant.mode()));
      }
    }
    return files;
  }

  /** The service's {@code volumes}, a named volume by its engine name, on either target. */
  public static List<ContainerSpec.Mount> volumeMounts(ComposeProject project, ComposeService service) {
    List<ContainerSpec.Mount> mounts = new ArrayList<>();
    for (VolumeMount volume : service.volumes()) {
      String source = volume.source();
      if ("volume".equals(volume.type())) {
        VolumeSpec spec = project.volumes().get(source);
        source = spec == null ? source : spec.name();
      }
      VolumeMount.Options options = volume.options();
      mounts.add(new ContainerSpec.Mount(volume.type(), source, volume.target(), volume.readOnly(),
          options.createHostPath(), options.propagation(), options.selinux(), options.noCopy(), options.tmpfsSize(),
          options.tmpfsMode(), options.volumeLabels()));
    }
    return mounts;
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
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
