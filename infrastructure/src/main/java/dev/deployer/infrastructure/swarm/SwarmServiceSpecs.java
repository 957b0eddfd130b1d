package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DeploySpec;
import dev.deployer.infrastructure.compose.Healthcheck;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.compose.ResourceLimits;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.compose.UpdateConfig;
import dev.deployer.infrastructure.compose.VolumeMount;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.SwarmServiceSpec;
import dev.deployer.infrastructure.engine.SwarmTaskOptions;
import dev.deployer.infrastructure.engine.VolumeConfig;
import dev.deployer.infrastructure.engine.SwarmServiceSpec.UpdatePolicy;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a Compose service into the Swarm service {@code docker stack deploy} would create for
 * it: {@code deploy.replicas}, {@code deploy.labels}, {@code update_config} and {@code rollback_config} from the file,
 * overridden key by key by the environment's {@code swarm.services} settings.
 */
public final class SwarmServiceSpecs {

  private SwarmServiceSpecs() {}

  /**
   * The spec of {@code service} running {@code image} (an image id, so no registry is asked),
   * labelled with {@code imageName} and {@code release} and a fingerprint of everything else.
   */
  public static SwarmServiceSpec fromCompose(ComposeProject project, ComposeService service, String image,
      String imageName, SwarmSettings settings, String release) {
    String stack = project.name();
    SwarmSettings.ServiceOverride override = settings.service(service.name());
    DeploySpec deploy = service.deploy() == null ? new DeploySpec(null, null, null, null) : service.deploy();
    boolean edge = settings.publish() == SwarmSettings.PublishMode.EDGE;
    Map<String, String> labels = new TreeMap<>(deploy.labels());
    labels.putAll(SwarmLabels.stack(stack));
    labels.put(SwarmLabels.COMPOSE_SERVICE, service.name());
    Map<String, String> containerLabels = new TreeMap<>(service.labels());
    containerLabels.put(SwarmLabels.NAMESPACE, stack);
    ResourceLimits limits = deploy.limits() != null ? deploy.limits() : service.limits();
    SwarmServiceSpec spec = new SwarmServiceSpec(
        SwarmLabels.serviceName(stack, service.name()),
        image,
        labels,
        containerLabels,
        service.entrypoint(),
        service.command(),
        service.environment(),
        ContainerSpecFactory.volumeMounts(project, service),
        SwarmLabels.stack(stack),
        volumes(project, service),
        networks(project, service),
        edge || !override.publish() ? List.of() : ports(service),
        // Without the routing mesh, a service's name must resolve to its tasks, not to a virtual IP.
        edge ? SwarmServiceSpec.EndpointMode.DNSRR : SwarmServiceSpec.EndpointMode.VIP,
        health(service.healthcheck(), override.healthcheck()),
        override.replicas() != null ? override.replicas() : replicas(service),
        merge(deploy.updateConfig(), override.updateConfig()),
        merge(deploy.rollbackConfig(), override.rollbackConfig()),
        restartCondition(service),
        limits == null ? null : limits.cpus(),
        limits == null ? null : limits.memoryBytes(),
        service.options().stopGracePeriod(),
        placement(deploy.placement(), override.placement()),
        "global".equals(deploy.mode()),
        SwarmStackFiles.grants(project, service),
        SwarmTaskOptionsFactory.options(service));
    return labelled(spec, imageName, release);
  }

  /**
   * Whether the service is meant to run no task: replicated, with 0 replicas from the environment's
   * override or compose.yaml.
   */
  public static boolean runsNone(ComposeService service, SwarmSettings.ServiceOverride override) {
    boolean global = service.deploy() != null && "global".equals(service.deploy().mode());
    return !global && (override.replicas() != null ? override.replicas() : replicas(service)) == 0;
  }

  /** {@code deploy.replicas}, else {@code scale} (the loader refuses the two when they differ), else one. */
  static int replicas(ComposeService service) {
    Integer replicas = service.deploy() == null ? null : service.deploy().replicas();
    Integer scale = service.options().scale();
    return replicas != null ? replicas : scale != null ? scale : 1;
  }

  /**
   * The spec with its image name, release and fingerprint labels. The template fingerprint also
   * goes on the containers, so each task tells which template it was made from.
   */
  static SwarmServiceSpec labelled(SwarmServiceSpec spec, String imageName, String release) {
    String template = digest(template(spec));
    SwarmServiceSpec withTemplate = spec.withContainerLabel(SwarmLabels.TEMPLATE_HASH, template)
        .withLabel(SwarmLabels.TEMPLATE_HASH, template);
    return withTemplate.withLabel(SwarmLabels.SPEC_HASH, fingerprint(withTemplate))
        .withLabel(SwarmLabels.IMAGE, imageName)
        .withLabel(SwarmLabels.RELEASE, release);
  }

  /**
   * The spec to roll a service back to: the same service, updated the way its {@code rollback_config}
   * says rather than its {@code update_config} (all replicas at once in this stack's compose.yaml).
   * Its labels, and so its fingerprint, stay the release's own, so a later deploy of the same
   * release finds it unchanged.
   */
  public static SwarmServiceSpec rollingBack(SwarmServiceSpec spec) {
    if (spec.rollback() == null) {
      return spec;
    }
    return new SwarmServiceSpec(spec.name(), spec.image(), spec.labels(), spec.containerLabels(),
        spec.entrypoint(), spec.command(), spec.environment(), spec.mounts(), spec.volumeLabels(), spec.volumes(), spec.networks(),
        spec.ports(), spec.endpointMode(), spec.health(), spec.replicas(), spec.rollback(), spec.rollback(),
        spec.restart(), spec.cpus(), spec.memoryBytes(), spec.stopGracePeriod(), spec.placement(), spec.global(),
        spec.files(), spec.task());
  }

  /** The same service with another replica count; its tasks' template, and so the tasks, stay as they are. */
  public static SwarmServiceSpec withReplicas(SwarmServiceSpec spec, int replicas) {
    SwarmServiceSpec scaled = new SwarmServiceSpec(spec.name(), spec.image(), spec.labels(), spec.containerLabels(),
        spec.entrypoint(), spec.command(), spec.environment(), spec.mounts(), spec.volumeLabels(), spec.volumes(), spec.networks(),
        spec.ports(), spec.endpointMode(), spec.health(), replicas, spec.update(), spec.rollback(), spec.restart(),
        spec.cpus(), spec.memoryBytes(), spec.stopGracePeriod(), spec.placement(), spec.global(), spec.files(), spec.task());
    return scaled.withLabel(SwarmLabels.SPEC_HASH, fingerprint(scaled));
  }

  /**
   * SHA-256 (hex) of the spec without the image name, release and fingerprint labels: equal
   * fingerprints mean there is nothing to update, whichever release asks.
   */
  public static String fingerprint(SwarmServiceSpec spec) {
    Map<String, String> labels = new TreeMap<>(spec.labels());
    labels.remove(SwarmLabels.IMAGE);
    labels.remove(SwarmLabels.RELEASE);
    labels.remove(SwarmLabels.SPEC_HASH);
    labels.remove(SwarmLabels.TEMPLATE_HASH);
    return digest(new SwarmServiceSpec(spec.name(), spec.image(), labels, withoutTemplateHash(spec),
        spec.entrypoint(), spec.command(), spec.environment(), spec.mounts(), spec.volumeLabels(), spec.volumes(), spec.networks(),
        spec.ports(), spec.endpointMode(), spec.health(), spec.replicas(), spec.update(), spec.rollback(),
        spec.restart(), spec.cpus(), spec.memoryBytes(), spec.stopGracePeriod(), spec.placement(), spec.global(),
        spec.files(), spec.task()).toString());
  }

  /** What the tasks are made from: everything but the service's labels, replicas, ports and policies. */
  private static String template(SwarmServiceSpec spec) {
    List<Object> parts = new ArrayList<>(List.of(spec.image(), withoutTemplateHash(spec), spec.entrypoint(),
        spec.command(), spec.environment(), spec.mounts(), spec.volumeLabels(), spec.volumes(), spec.networks(),
        String.valueOf(spec.health()), spec.restart(), String.valueOf(spec.cpus()), String.valueOf(spec.memoryBytes()),
        String.valueOf(spec.stopGracePeriod())));
    // Only secrets and configs that are there count, so tasks of services without any keep their template.
    if (!spec.files().isEmpty()) {
      parts.add(spec.files());
    }
    // Only a placement that says something counts, so tasks of services without one keep their template.
    if (!spec.placement().equals(SwarmServiceSpec.Placement.ANYWHERE)) {
      parts.add(spec.placement());
    }
    // Likewise the task options, so services that set none keep the template they had before them.
    if (!spec.task().equals(SwarmTaskOptions.NONE)) {
      parts.add(spec.task());
    }
    return parts.toString();
  }

  private static Map<String, String> withoutTemplateHash(SwarmServiceSpec spec) {
    Map<String, String> containerLabels = new TreeMap<>(spec.containerLabels());
    containerLabels.remove(SwarmLabels.TEMPLATE_HASH);
    return containerLabels;
  }

  private static String digest(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** compose.yaml's policy with the environment's keys laid over it; null when neither says anything. */
  static UpdatePolicy merge(UpdateConfig file, UpdateConfig override) {
    if (file == null && override == null) {
      return null;
    }
    UpdateConfig base = file == null ? new UpdateConfig(null, null, null, null, null, null) : file;
    UpdateConfig over = override == null ? new UpdateConfig(null, null, null, null, null, null) : override;
    return new UpdatePolicy(
        over.parallelism() != null ? over.parallelism() : base.parallelism(),
        over.delay() != null ? over.delay() : base.delay(),
        over.order() != null ? over.order() : base.order(),
        over.failureAction() != null ? over.failureAction() : base.failureAction(),
        over.monitor() != null ? over.monitor() : base.monitor(),
        over.maxFailureRatio() != null ? over.maxFailureRatio() : base.maxFailureRatio());
  }

  /** compose.yaml's placement, or the environment's where it has one (as a whole: constraints do not add up). */
  static SwarmServiceSpec.Placement placement(DeploySpec.Placement file, DeploySpec.Placement override) {
    DeploySpec.Placement placement = override != null ? override : file;
    return placement == null ? SwarmServiceSpec.Placement.ANYWHERE : new SwarmServiceSpec.Placement(
        placement.constraints(), placement.preferences(), placement.maxReplicasPerNode());
  }

  /** The overlay network a stack's Compose network becomes. */
  public static String networkName(ComposeProject project, String key) {
    NetworkSpec network = project.networks().get(key);
    return network == null ? project.name() + "_" + key : network.name();
  }

  private static List<SwarmServiceSpec.Network> networks(ComposeProject project, ComposeService service) {
    List<SwarmServiceSpec.Network> networks = new ArrayList<>();
    for (String key : service.effectiveNetworks()) {
      List<String> aliases = new ArrayList<>(List.of(service.name()));
      ServiceOptions.Attachment attachment = service.options().networkSettings().get(key);
      if (attachment != null) {
        attachment.aliases().stream().filter(alias -> !aliases.contains(alias)).forEach(aliases::add);
      }
      networks.add(new SwarmServiceSpec.Network(networkName(project, key), aliases));
    }
    return networks;
  }

  private static List<SwarmServiceSpec.Port> ports(ComposeService service) {
    List<SwarmServiceSpec.Port> ports = new ArrayList<>();
    for (PortMapping port : service.ports()) {
      if (port.publishedPort() > 0) {
        ports.add(new SwarmServiceSpec.Port(port.publishedPort(), port.target(), port.protocol(),
            SwarmServiceSpec.PublishMode.INGRESS));
      }
    }
    return ports;
  }


  /**
   * The declared named volumes the service mounts, by engine name, as each node creates them: the
   * file's driver, options and labels, with the stack's labels.
   */
  private static Map<String, VolumeConfig> volumes(ComposeProject project, ComposeService service) {
    Map<String, VolumeConfig> volumes = new TreeMap<>();
    for (VolumeMount mount : service.volumes()) {
      VolumeSpec spec = "volume".equals(mount.type()) ? project.volumes().get(mount.source()) : null;
      if (spec != null && !spec.external()) {
        Map<String, String> labels = new TreeMap<>(spec.labels());
        labels.putAll(SwarmLabels.stack(project.name()));
        volumes.put(spec.name(), new VolumeConfig(spec.name(), spec.driver(), spec.driverOpts(), labels));
      }
    }
    return volumes;
  }

  /** compose.yaml's health check with the environment's timing laid over it. */
  static ContainerSpec.Health health(Healthcheck check, SwarmSettings.HealthTiming timing) {
    if (check == null && timing == null) {
      return null;
    }
    if (check != null && check.isDisabled()) {
      return new ContainerSpec.Health(List.of("NONE"), null, null, 0, null, null);
    }
    Healthcheck file = check != null ? check : new Healthcheck(List.of(), null, null, 0, null, null, false);
    SwarmSettings.HealthTiming over = timing != null ? timing : new SwarmSettings.HealthTiming(null, null, null, null);
    return new ContainerSpec.Health(file.test(),
        over.interval() != null ? over.interval() : file.interval(),
        over.timeout() != null ? over.timeout() : file.timeout(),
        over.retries() != null ? over.retries() : file.retries(),
        over.startPeriod() != null ? over.startPeriod() : file.startPeriod(), file.startInterval());
  }

  /**
   * The condition of {@code deploy.restart_policy} when the service has one (as {@code docker stack
   * deploy} prefers it; its default is any), else of {@code restart}.
   */
  static SwarmServiceSpec.RestartCondition restartCondition(ComposeService service) {
    DeploySpec.RestartPolicy policy = service.deploy() == null ? null : service.deploy().restartPolicy();
    if (policy == null) {
      return restart(service.restart());
    }
    return switch (policy.condition() == null ? "any" : policy.condition()) {
      case "none" -> SwarmServiceSpec.RestartCondition.NONE;
      case "on-failure" -> SwarmServiceSpec.RestartCondition.ON_FAILURE;
      default -> SwarmServiceSpec.RestartCondition.ANY;
    };
  }

  /** Compose's {@code restart} as a Swarm restart condition; Swarm has no "unless stopped". */
  static SwarmServiceSpec.RestartCondition restart(String restart) {
    if (restart == null) {
      return SwarmServiceSpec.RestartCondition.ANY;
    }
    if (restart.equals("no")) {
      return SwarmServiceSpec.RestartCondition.NONE;
    }
    return restart.startsWith("on-failure") ? SwarmServiceSpec.RestartCondition.ON_FAILURE
        : SwarmServiceSpec.RestartCondition.ANY;
  }
}
