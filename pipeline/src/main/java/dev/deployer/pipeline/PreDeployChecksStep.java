package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PullPolicy;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.VolumeConfig;
import dev.deployer.infrastructure.check.DiskCheck;
import dev.deployer.infrastructure.host.PortHolders;
import dev.deployer.infrastructure.lock.DeployLock;
import dev.deployer.infrastructure.lock.LockState;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.StackResources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Step 2: everything that must hold before anything is changed: every Compose key honoured
 * ({@link TargetKeys#singleHost}, and on a cgroup v1 engine a real-time CPU budget the engine can give,
 * found out by {@link RealTimeProbe}), images, networks, volumes, disk, ports, the lock. All checks run and all are
 * reported (a check that cannot run here is reported as a warning saying why); if one fails the
 * deploy stops here with nothing touched. A missing image that has to be pulled is pulled here:
 * that changes nothing that runs, and proves the image can be had.
 */
public final class PreDeployChecksStep implements Step {

  private static final String CATEGORY = "pre-deployment";

  private final boolean checkLock;
  private final String edgeImage;

  /** Checks the environment's deploy lock too. */
  public PreDeployChecksStep() {
    this(true);
  }

  /** {@code checkLock} false for a bare compose file, which has no deploy lock. */
  public PreDeployChecksStep(boolean checkLock) {
    this(checkLock, null);
  }

  /** {@code edgeImage}: the image of the edge proxy in front of the stack (null: none). */
  public PreDeployChecksStep(boolean checkLock, String edgeImage) {
    this.checkLock = checkLock;
    this.edgeImage = edgeImage;
  }

  @Override
  public String name() {
    return "pre-deployment checks";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    ContainerEngine.EngineInfo info = engine.info();
    record(context, pass("engine", "engine answers", "Docker " + info.version() + ", API " + info.apiVersion()));
    record(context, pass("config and compose", "valid", context.config().configFile().getFileName() + " ("
        + context.config().environment() + "), " + context.config().composeFile().getFileName()));

    ComposeProject project = context.project();
    TargetKeys.check(project, TargetKeys.singleHost(info), "single-host", CATEGORY).forEach(r -> record(context, r));
    SecretsConfigsChecks.values(project, CATEGORY).forEach(r -> record(context, r));
    SecretsConfigsChecks.singleHostOwnership(project, CATEGORY).forEach(r -> record(context, r));
    for (ComposeService service : project.services().values()) {
      record(context, imageCheck(engine, service, line -> context.events().progress(name(), line)));
      CheckResult platform = ImagePlatformCheck.check(engine, project, service, CATEGORY);
      if (platform != null) {
        record(context, platform);
      }
    }
    if ("1".equals(info.cgroupVersion())) {
      // cgroup v2 (or an unreported version) is refused by EngineKeyRules; on v1 only a container tells.
      List<String> ownImages = edgeImage == null ? List.of(ContainerEngine.MARKER_IMAGE)
          : List.of(edgeImage, ContainerEngine.MARKER_IMAGE);
      RealTimeProbe.check(engine, project, ownImages, CATEGORY).forEach(r -> record(context, r));
    }
    if (edgeImage != null) {
      record(context, engine.imageId(edgeImage).isPresent()
          ? pass("image edge", edgeImage + " present", "present")
          : fail("image edge", edgeImage + " present", "missing: run scripts/setup.sh, or set proxy.image"));
    }
    for (Map.Entry<String, NetworkSpec> network : project.networks().entrySet()) {
      if (!network.getValue().external()) {
        record(context, networkCheck(engine, StackResources.network(project.name(), network.getKey(), network.getValue())));
      }
    }
    for (Map.Entry<String, VolumeSpec> volume : project.volumes().entrySet()) {
      if (!volume.getValue().external()) {
        record(context, volumeCheck(engine, StackResources.volume(project.name(), volume.getKey(), volume.getValue())));
      }
    }
    String host = context.config().docker().host();
    if (isLocal(host)) {
      record(context, new DiskCheck("disk " + info.rootDir(), CATEGORY, DiskCheck.local(Path.of(info.rootDir())),
          context.config().validation().maxDiskPercent()).run());
      Set<Integer> ours = portsHeldByStack(engine, project.name());
      for (ComposeService service : project.services().values()) {
        for (PortMapping port : service.ports()) {
          if (!port.published().isEmpty()) {
            record(context, portCheck(service.name(), port, ours));
          }
        }
      }
    } else {
      String why = "skipped: docker.host " + host + " is not this machine, so this cannot be measured from here";
      record(context, warn("disk", "below " + context.config().validation().maxDiskPercent() + " %", why
          + "; validation measures the engine's disk from a container"));
      for (ComposeService service : project.services().values()) {
        for (PortMapping port : service.ports()) {
          if (!port.published().isEmpty()) {
            record(context, warn(portName(service.name(), port), "free or held by this stack", why
                + "; the engine refuses the container if the port is taken"));
          }
        }
      }
    }
    CheckResult lock = checkLock ? lockCheck(context) : null;
    if (lock != null) {
      record(context, lock);
    }
    List<CheckResult> failed;
    synchronized (context.checks()) {
      failed = context.checks().stream().filter(c -> c.category().equals(CATEGORY) && c.failed()).toList();
    }
    if (failed.isEmpty()) {
      return;
    }
    String summary = failed.size() + " pre-deployment check(s) failed; nothing was changed";
    if (lock != null && lock.failed()) {
      // Another deploy runs: that is what the operator must hear first (exit 6), with everything else found.
      throw new PipelineException(PipelineException.Kind.LOCK_HELD, "the deploy lock of "
          + context.request().environment() + " is " + lock.actual() + "; " + summary, failed, List.of(), null);
    }
    throw new PipelineException(PipelineException.Kind.PRE_CHECK_FAILED, summary, failed, List.of(), null);
  }

  private static void record(DeployContext context, CheckResult result) {
    context.checks().add(result);
    if (result.verdict() != CheckResult.Verdict.PASS) {
      context.events().warning("pre-deployment checks", result.name() + ": " + result.actual());
    }
  }

  static CheckResult imageCheck(ContainerEngine engine, ComposeService service, Consumer<String> progress) {
    String name = "image " + service.name();
    PullPolicy policy = service.options().pullPolicy();
    if (service.build() != null) {
      if (policy.kind() == PullPolicy.Kind.ALWAYS || policy.kind() == PullPolicy.Kind.REFRESH) {
        return fail(name, "buildable", "pull_policy " + policy.policy() + " with a build section: the deployer"
            + " builds the image from its context and does not pull it instead; use pull_policy build, missing or"
            + " never, or drop the build section");
      }
      if (service.build().dockerfileInline() != null) {
        return pass(name, "buildable", "inline Dockerfile");
      }
      Path dockerfile = service.build().context().resolve(service.build().dockerfile());
      return Files.isRegularFile(dockerfile)
          ? pass(name, "buildable", "Dockerfile at " + dockerfile)
          : fail(name, "buildable", "no Dockerfile at " + dockerfile);
    }
    String image = service.image();
    String expected = switch (policy.kind()) {
      case NEVER -> image + " present (pull_policy never)";
      case ALWAYS -> image + " pulled (pull_policy always)";
      case REFRESH -> image + " pulled within " + policy.period() + " (pull_policy " + policy.policy() + ")";
      default -> image + " present or pullable";
    };
    boolean present = engine.imageId(image).isPresent();
    Optional<Instant> lastPulled = present && policy.kind() == PullPolicy.Kind.REFRESH
        ? engine.imageLastTagged(image) : Optional.empty();
    switch (ImageSources.decide(service, present, lastPulled, Instant.now())) {
      case PRESENT:
        return pass(name, expected, lastPulled.map(at -> "present, last pulled or tagged " + at).orElse("present"));
      case MISSING:
        return fail(name, expected, "image " + image + " is missing and its pull_policy is never, so it is not"
            + " pulled; build or load it on the engine first");
      default:
        break;
    }
    String why = !present ? "not present on the engine"
        : policy.kind() == PullPolicy.Kind.ALWAYS ? "pull_policy always"
        : "pull_policy " + policy.policy() + ": " + lastPulled.map(at -> "last pulled or tagged " + at)
            .orElse("the engine has no record of its last pull");
    try {
      ImageSources.pull(engine, image, why, progress);
      return pass(name, expected, "pulled");
    } catch (ImageSources.ImageUnavailableException e) {
      return fail(name, expected, e.getMessage());
    }
  }

  /**
   * A network of the stack's name that exists is used as it is, so one with other settings (made
   * by hand, or by an older file) must be named before anything changes, not found out later.
   */
  public static CheckResult networkCheck(ContainerEngine engine, NetworkConfig wanted) {
    return resourceCheck("network " + wanted.name(),
        engine.network(wanted.name()).map(existing -> StackResources.drift(wanted, existing)),
        "Remove it (docker network rm " + wanted.name() + ", once nothing uses it) or change the file to match");
  }

  /** Like {@link #networkCheck}; a volume may hold data, so the deployer never replaces one. */
  static CheckResult volumeCheck(ContainerEngine engine, VolumeConfig wanted) {
    return resourceCheck("volume " + wanted.name(),
        engine.volume(wanted.name()).map(existing -> StackResources.drift(wanted, existing)),
        "It may hold data, so the deployer does not replace it: copy the data out and remove it (docker volume rm "
            + wanted.name() + "), or change the file to match");
  }

  /** {@code drift}: empty when the resource is absent, else how it differs from the file (nothing: it fits). */
  private static CheckResult resourceCheck(String name, Optional<List<String>> drift, String wayOut) {
    String expected = "absent, or with the file's settings";
    if (drift.isEmpty()) {
      return pass(name, expected, "absent: the deploy creates it");
    }
    return drift.get().isEmpty() ? pass(name, expected, "exists with the file's settings")
        : fail(name, expected, "exists with " + String.join(", ", drift.get()) + ". " + wayOut);
  }

  /** Reads the lock without taking it: AcquireLockStep takes it once everything else has passed. */
  private static CheckResult lockCheck(DeployContext context) {
    String expected = "free";
    Optional<LockState> state = new DeployLock(context.engine(), context.project().name(),
        context.request().environment()).status();
    if (state.isEmpty()) {
      return pass("deploy lock free", expected, "free");
    }
    if (state.get().stale()) {
      return warn("deploy lock free", expected, "stale lock of " + state.get().info().describe() + " ("
          + state.get().staleReason() + "); it will be taken over");
    }
    return fail("deploy lock free", expected, "held by " + state.get().info().describe());
  }

  static String portName(String service, PortMapping port) {
    String hostIp = port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp();
    return "port " + hostIp + ":" + port.published() + " (" + service + ")";
  }

  /** The host ports of a published value: one port, or each port of a range such as 8000-8002. */
  static List<Integer> hostPorts(String published) {
    int dash = published.indexOf('-');
    if (dash < 0) {
      return List.of(Integer.parseInt(published));
    }
    int first = Integer.parseInt(published.substring(0, dash));
    int last = Integer.parseInt(published.substring(dash + 1));
    return IntStream.rangeClosed(first, last).boxed().toList();
  }

  /**
   * One port must be free or ours; a range (the engine takes any one free port of it for the single
   * container port) needs one such port, and each port's state is reported.
   */
  static CheckResult portCheck(String service, PortMapping port, Set<Integer> ours) {
    String hostIp = port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp();
    String name = portName(service, port);
    String expected = "free or held by this stack";
    List<Integer> numbers = hostPorts(port.published());
    List<String> states = new ArrayList<>();
    boolean usable = false;
    for (int number : numbers) {
      String state;
      if (ours.contains(number)) {
        state = "held by this stack";
        usable = true;
      } else if (bindable(hostIp, number)) {
        state = "free";
        usable = true;
      } else {
        state = PortHolders.find(number).map(h -> "held by " + h).orElse("in use by another process");
      }
      states.add(numbers.size() == 1 ? state : number + " " + state);
    }
    String actual = String.join(", ", states);
    return usable ? pass(name, expected, actual)
        : fail(name, expected, actual + "; stop it or choose another port in the environment's config");
  }

  private static boolean bindable(String hostIp, int number) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(hostIp), number));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Set<Integer> portsHeldByStack(ContainerEngine engine, String project) {
    Set<Integer> ports = new HashSet<>();
    for (ContainerInfo container : engine.containers(ComposeLabels.project(project))) {
      for (ContainerSpec.PublishedPort port : container.ports()) {
        ports.add(port.hostPort());
      }
    }
    return ports;
  }

  static boolean isLocal(String host) {
    return host.startsWith("unix://") || host.matches("tcp://(localhost|127\\.0\\.0\\.1)(:\\d+)?/?");
  }

  private static CheckResult pass(String name, String expected, String actual) {
    return result(name, CheckResult.Verdict.PASS, expected, actual);
  }

  private static CheckResult warn(String name, String expected, String actual) {
    return result(name, CheckResult.Verdict.WARN, expected, actual);
  }

  private static CheckResult fail(String name, String expected, String actual) {
    return result(name, CheckResult.Verdict.FAIL, expected, actual);
  }

  private static CheckResult result(String name, CheckResult.Verdict verdict, String expected, String actual) {
    return new CheckResult(name, CATEGORY, verdict, expected, actual, Duration.ZERO, Instant.now());
  }
}
