package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmServiceSpec;
import dev.deployer.infrastructure.host.PortHolders;
import dev.deployer.infrastructure.swarm.EdgeProxy;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.NodePlatformCheck;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.PreDeployChecksStep;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.SecretsConfigsChecks;
import dev.deployer.pipeline.TargetKeys;
import dev.deployer.pipeline.VerifyEndpointsStep;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The swarm target's step 2: the engine answers and is a swarm manager, every Compose key is one
 * the target honours ({@link TargetKeys#SWARM}), every image is present or
 * buildable (the edge proxy's included), an overlay network of the stack that already exists has
 * the file's settings, and every port the stack publishes is free or already published by this
 * stack. All checks run and are reported; if one fails nothing is changed.
 */
public final class SwarmPreDeployChecksStep implements Step {

  private static final String CATEGORY = "pre-deployment";

  private final Function<DeploymentConfig.DockerSettings, SwarmEngine> engines;

  public SwarmPreDeployChecksStep() {
    this(SwarmTarget.ENGINES);
  }

  public SwarmPreDeployChecksStep(Function<DeploymentConfig.DockerSettings, SwarmEngine> engines) {
    this.engines = engines;
  }

  @Override
  public String name() {
    return "pre-deployment checks";
  }

  /** Fails unless the engine is an active swarm manager, saying how to make it one. */
  static SwarmEngine.SwarmState requireManager(SwarmEngine swarm) throws PipelineException {
    SwarmEngine.SwarmState state = swarm.swarm();
    if (!state.active() || !state.manager()) {
      throw new PipelineException(PipelineException.Kind.PRE_CHECK_FAILED, "the engine is not a swarm manager (swarm "
          + state.localNodeState() + (state.error() == null ? "" : ": " + state.error())
          + "); run `docker swarm init` (scripts/swarm-demo.sh does) or point DOCKER_HOST at a manager");
    }
    return state;
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    ContainerEngine.EngineInfo info = engine.info();
    record(context, result("engine", "engine answers", "Docker " + info.version() + ", API " + info.apiVersion(), true));
    TargetKeys.check(context.project(), TargetKeys.swarm(info), "swarm", CATEGORY).forEach(r -> record(context, r));
    SecretsConfigsChecks.values(context.project(), CATEGORY).forEach(r -> record(context, r));
    SwarmSettings settings = context.stack().swarm();
    String stack = context.project().name();
    try (SwarmEngine swarm = engines.apply(context.config().docker())) {
      SwarmEngine.SwarmState state = swarm.swarm();
      boolean manager = state.active() && state.manager();
      record(context, result("swarm", "an active swarm manager", manager
          ? "manager of " + state.nodes() + " node(s)"
          : "swarm " + state.localNodeState() + "; run `docker swarm init` or scripts/swarm-demo.sh", manager));
      for (ComposeService service : context.project().services().values()) {
        record(context, imageCheck(engine, service));
      }
      if (manager) {
        SecretsConfigsChecks.externals(context.project(), swarm, CATEGORY).forEach(r -> record(context, r));
        List<SwarmEngine.SwarmNode> nodes = swarm.nodes();
        for (ComposeService service : context.project().services().values()) {
          CheckResult platform = NodePlatformCheck.check(context.project(), service, nodes, CATEGORY);
          if (platform != null) {
            record(context, platform);
          }
        }
      }
      List<EdgeProxy.Route> routes = settings.publish() == SwarmSettings.PublishMode.EDGE
          ? EdgeProxy.routes(context.project(), settings, VerifyEndpointsStep.HEALTH_PATH) : List.of();
      if (!routes.isEmpty()) {
        boolean present = engine.imageId(settings.edgeImage()).isPresent();
        record(context, result("image edge", settings.edgeImage() + " present", present ? "present"
            : "missing; run scripts/swarm-setup.sh", present));
      }
      for (NetworkSpec network : context.project().networks().values()) {
        if (!network.external()) {
          record(context, PreDeployChecksStep.networkCheck(engine, SwarmDeployStep.overlay(stack, network)));
        }
      }
      Set<Integer> ours = manager ? publishedByStack(swarm, stack) : Set.of();
      for (int port : publishedPorts(context, settings, routes)) {
        record(context, portCheck(port, ours));
      }
    }
    List<CheckResult> failed = context.checks().stream()
        .filter(c -> c.category().equals(CATEGORY) && c.failed()).toList();
    if (!failed.isEmpty()) {
      throw new PipelineException(PipelineException.Kind.PRE_CHECK_FAILED,
          failed.size() + " pre-deployment check(s) failed; nothing was changed", failed, List.of(), null);
    }
  }

  private static Set<Integer> publishedPorts(DeployContext context, SwarmSettings settings,
      List<EdgeProxy.Route> routes) {
    Set<Integer> ports = new TreeSet<>();
    if (settings.publish() == SwarmSettings.PublishMode.EDGE) {
      routes.forEach(route -> ports.add(route.published()));
      return ports;
    }
    for (ComposeService service : context.project().services().values()) {
      if (settings.service(service.name()).publish()) {
        service.ports().stream().filter(p -> p.publishedPort() > 0).forEach(p -> ports.add(p.publishedPort()));
      }
    }
    return ports;
  }

  private static Set<Integer> publishedByStack(SwarmEngine swarm, String stack) {
    Set<Integer> ports = new HashSet<>();
    for (SwarmService service : swarm.services(SwarmLabels.stack(stack))) {
      service.ports().stream().map(SwarmServiceSpec.Port::published).forEach(ports::add);
    }
    return ports;
  }

  private static CheckResult imageCheck(ContainerEngine engine, ComposeService service) {
    String name = "image " + service.name();
    if (service.build() != null && service.build().dockerfileInline() != null) {
      return result(name, "buildable", "inline Dockerfile", true);
    }
    if (service.build() != null) {
      Path dockerfile = service.build().context().resolve(service.build().dockerfile());
      boolean present = Files.isRegularFile(dockerfile);
      return result(name, "buildable", (present ? "Dockerfile at " : "no Dockerfile at ") + dockerfile, present);
    }
    boolean present = engine.imageId(service.image()).isPresent();
    return result(name, service.image() + " present", present ? "present"
        : "missing; run scripts/setup.sh to build local images", present);
  }

  /** Swarm publishes on every interface of the node, so the port must be free on all of them. */
  private static CheckResult portCheck(int port, Set<Integer> ours) {
    String name = "port *:" + port;
    String expected = "free or published by this stack";
    if (ours.contains(port)) {
      return result(name, expected, "published by this stack", true);
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return result(name, expected, "free", true);
    } catch (IOException e) {
      String holder = PortHolders.find(port).map(h -> "held by " + h).orElse("in use by another process");
      return result(name, expected, holder + "; stop it or choose another port in the environment's config", false);
    }
  }

  private static void record(DeployContext context, CheckResult result) {
    context.checks().add(result);
    if (result.failed()) {
      context.events().warning("pre-deployment checks", result.name() + ": " + result.actual());
    }
  }

  private static CheckResult result(String name, String expected, String actual, boolean passed) {
    return new CheckResult(name, CATEGORY, passed ? CheckResult.Verdict.PASS : CheckResult.Verdict.FAIL, expected,
        actual, Duration.ZERO, Instant.now());
  }
}
