package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.infrastructure.swarm.ServiceStatus;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.infrastructure.swarm.SwarmNodesCheck;
import dev.deployer.infrastructure.swarm.SwarmServiceSpecs;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.DeployTarget;
import dev.deployer.pipeline.LoadedStack;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.Steps;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The services of a Swarm stack on a swarm manager: Swarm's own rolling updates replace tasks,
 * its rollback_config takes a rollback back, and an edge service (or the routing mesh) publishes
 * the ports.
 */
public final class SwarmTarget implements DeployTarget {

  public static final String NAME = "swarm";

  /** How swarm steps reach the environment's engine by default. */
  public static final Function<DeploymentConfig.DockerSettings, SwarmEngine> ENGINES =
      settings -> DockerEngines.connectSwarm(settings.host(), settings.tlsVerify(), settings.certPath());

  private final Function<DeploymentConfig.DockerSettings, SwarmEngine> engines;

  public SwarmTarget(Function<DeploymentConfig.DockerSettings, SwarmEngine> engines) {
    this.engines = engines;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Step preDeployChecks(boolean lock) {
    return new SwarmPreDeployChecksStep(engines);
  }

  @Override
  public Step startServices(StartMode mode) {
    return new SwarmDeployStep(engines, mode == StartMode.ROLLBACK);
  }

  @Override
  public Step waitForHealthy() {
    return new SwarmWaitStep(engines);
  }

  @Override
  public Step verifyEndpoints() {
    return new SwarmVerifyStep(engines);
  }

  @Override
  public Step switchTraffic() {
    return Steps.nothing("switch traffic", "Swarm's rolling update moved the traffic task by task");
  }

  @Override
  public Step remove(boolean volumes) {
    return new SwarmRemoveStep(volumes, engines);
  }

  @Override
  public StackContainers containers(LoadedStack stack, ContainerEngine engine) {
    SwarmSettings swarm = stack.swarm();
    // Asked only for a service with no running task container on this engine; on one node it finds none.
    return SwarmLabels.containers(stack.project().name(), service -> swarm.service(service).publish(), service -> {
      try (SwarmEngine swarmEngine = engines.apply(stack.config().docker())) {
        return swarmEngine.taskElsewhere(service);
      }
    }, service -> stack.project().services().containsKey(service)
        && SwarmServiceSpecs.runsNone(stack.project().service(service), swarm.service(service)));
  }

  /** Each Swarm service of the stack: replicated with its count, or global with a task per node, and how many run. */
  @Override
  public List<String> services(DeployContext context) {
    try (SwarmEngine swarm = engines.apply(context.config().docker())) {
      SwarmEngine.SwarmState state = swarm.swarm();
      if (!state.active() || !state.manager()) {
        return List.of(); // status still answers on an engine that left the swarm
      }
      return swarm.services(SwarmLabels.stack(context.project().name())).stream()
          .sorted(java.util.Comparator.comparing(SwarmEngine.SwarmService::name)).map(service -> {
            ServiceStatus status = ServiceStatus.of(swarm, service, swarm.tasks(service.id()), Instant.EPOCH);
            return service.name() + ": " + (service.global() ? "global (a task per node)" : "replicated") + ", "
                + status.running() + "/" + status.desired() + " running";
          }).toList();
    } catch (RuntimeException e) {
      return List.of("not listed: " + e.getMessage());
    }
  }

  /** A lost node, and the stack's tasks it took with it: a warning (infrastructure), no reason to roll back. */
  @Override
  public List<Check> monitorChecks(DeployContext context) {
    return List.of(new SwarmNodesCheck("swarm nodes", "infrastructure", () -> engines.apply(context.config().docker()),
        context.project().name()));
  }

  /** A rolling update's old tasks go as Swarm replaces them: a backup is taken whenever a deploy runs. */
  @Override
  public boolean changesNothing(DeployContext context) {
    return false;
  }

  /** Registers the target (META-INF/services). */
  public static final class Factory implements DeployTarget.Factory {

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public DeployTarget create(LoadedStack.Settings settings) {
      return new SwarmTarget(ENGINES);
    }
  }
}
