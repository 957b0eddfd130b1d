package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.swarm.ServiceStatus;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.Step;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The swarm target's step 7: every service of the stack ready, meaning its desired replicas run
 * the current spec and pass their health checks, with no update under way. A task that fails, or
 * an update Swarm rolls back, fails the step with the task's error and last log lines. A rolling
 * update replaces tasks a few at a time, so the wait timeout applies to each round of it.
 */
public final class SwarmWaitStep implements Step {

  private final Function<DeploymentConfig.DockerSettings, SwarmEngine> engines;

  public SwarmWaitStep() {
    this(SwarmTarget.ENGINES);
  }

  public SwarmWaitStep(Function<DeploymentConfig.DockerSettings, SwarmEngine> engines) {
    this.engines = engines;
  }

  @Override
  public String name() {
    return "wait for healthy";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    String stack = context.project().name();
    try (SwarmEngine swarm = engines.apply(context.config().docker())) {
      SwarmPreDeployChecksStep.requireManager(swarm);
      List<SwarmService> services = swarm.services(SwarmLabels.stack(stack));
      if (services.isEmpty()) {
        throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, "stack " + stack
            + " has no services on this swarm");
      }
      Duration timeout = services.stream()
          .map(s -> SwarmServiceWaiter.timeout(context.waitTimeout(), s.global() ? swarm.nodes().size() : s.replicas(),
              s.updateParallelism()))
          .max(Duration::compareTo).orElse(context.waitTimeout());
      new SwarmServiceWaiter(swarm, context.engine(), context.events(), name())
          .await(services.stream().map(SwarmService::name).toList(), context.started(), timeout);
      for (SwarmService service : swarm.services(SwarmLabels.stack(stack))) {
        String running = service.global()
            ? "global, " + ServiceStatus.of(swarm, service, swarm.tasks(service.id()), context.started()).running()
                + " node(s) running a task"
            : service.replicas() + " of " + service.replicas() + " running";
        context.events().progress(name(), service.name() + " ready: " + running + ", "
            + service.label(SwarmLabels.IMAGE));
      }
    }
  }
}
