package dev.deployer.pipeline;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.monitor.RollbackRequester;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.util.Map;
import java.util.function.Function;

/**
 * What the deployer wires into the monitor: a request is carried out at once, or, where the
 * environment requires confirmation, recorded as pending for {@code deployer rollback --approve ID}.
 * Either way it is audited.
 */
public final class MonitorRollbackRequester implements RollbackRequester {

  private final DeployRequest deploy;
  private final RollbackService rollbacks;

  public MonitorRollbackRequester(DeployRequest deploy, EventSink events,
      Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) {
    this.deploy = deploy;
    this.rollbacks = new RollbackService(events, engines);
  }

  @Override
  public RollbackRequester.Decision request(RollbackRequest request) {
    Actor monitor = new Actor("monitor", Actor.current(deploy.processEnvironment()).host());
    String reason = request.trigger() + ": " + request.reason();
    RollbackPlan plan;
    try {
      plan = rollbacks.plan(deploy, null, false);
    } catch (PipelineException e) {
      audit(monitor, reason, null, null, "refused", request.id());
      return new RollbackRequester.Decision(RollbackRequester.Status.FAILED, e.getMessage());
    }
    String from = plan.from() == null ? null : plan.from().id();
    if (request.requiresConfirmation()) {
      new RollbackRequests(deploy.stateDirectory()).create(request.id(), deploy.environment(), "monitor", reason, from,
          plan.to().id(), monitor);
      audit(monitor, reason, from, plan.to().id(), "pending", request.id());
      return new RollbackRequester.Decision(RollbackRequester.Status.PENDING_APPROVAL, "pending approval: deployer rollback"
          + " --env " + deploy.environment() + " --approve " + request.id());
    }
    RollbackService.RollbackOutcome outcome = rollbacks.execute(deploy, plan,
        new RollbackService.Trigger("monitor", reason, request.id()), monitor, false);
    return outcome.succeeded()
        ? new RollbackRequester.Decision(RollbackRequester.Status.EXECUTED, "rolled back to " + plan.to().id()
            + "; report " + outcome.reportFile())
        : new RollbackRequester.Decision(RollbackRequester.Status.FAILED, outcome.failure().getMessage()
            + "; report " + outcome.reportFile());
  }

  private void audit(Actor actor, String reason, String from, String to, String result, String requestId) {
    new AuditLog(deploy.stateDirectory()).append(AuditRecord.of(deploy.environment(), "rollback-request", actor, reason,
        from, to, result, Map.of("request", requestId)));
  }
}
