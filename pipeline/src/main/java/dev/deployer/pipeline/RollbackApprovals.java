package dev.deployer.pipeline;

import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An operator's decisions on the environment's rollback requests: approving one carries out its
 * rollback, rejecting one closes it. Both are recorded on the request and in the audit trail.
 */
public final class RollbackApprovals {

  private final DeployRequest request;
  private final Actor actor;
  private final RollbackRequests requests;
  private final AuditLog audit;

  public RollbackApprovals(DeployRequest request, Actor actor) {
    this.request = request;
    this.actor = actor;
    this.requests = new RollbackRequests(request.stateDirectory());
    this.audit = new AuditLog(request.stateDirectory());
  }

  /** An approved request and what its rollback does: go to {@code target}, for {@code trigger}. */
  public record Approval(RollbackRequest request, String target, RollbackService.Trigger trigger) {}

  /** Every request of the environment, pending first, newest first within each. */
  public List<RollbackRequest> list() {
    return requests.list().stream()
        .sorted(Comparator.comparing(RollbackRequest::pending).reversed())
        .toList();
  }

  /**
   * What approving the pending request {@code id} will do: roll back to its target, or to
   * {@code to} where the operator names another; the operator's {@code reason} (may be null) is
   * added to the request's.
   *
   * @throws PipelineException BAD_CONFIG where there is no such request or it is no longer pending
   */
  public Approval approval(String id, String to, String reason) throws PipelineException {
    RollbackRequest approved = pending(id);
    return new Approval(approved, to != null ? to : approved.toRelease(), new RollbackService.Trigger(
        approved.trigger(), approved.reason() + (reason == null ? "" : "; " + reason), id));
  }

  /** Records the approval, carries out {@code plan}, and records on the request how it ended. */
  public RollbackService.RollbackOutcome approve(Approval approval, RollbackPlan plan, RollbackService rollbacks) {
    String id = approval.request().id();
    requests.update(id, r -> r.decided(RollbackRequest.APPROVED, actor.toString(), Instant.now()));
    audit.append(AuditRecord.of(request.environment(), "approve", actor, approval.trigger().reason(),
        approval.request().fromRelease(), plan.to().id(), "approved", Map.of("request", id)));
    RollbackService.RollbackOutcome outcome = rollbacks.execute(request, plan, approval.trigger(), actor, false);
    requests.update(id, r -> r.finished(outcome.succeeded() ? RollbackRequest.DONE : RollbackRequest.FAILED,
        outcome.succeeded() ? "rolled back to " + plan.to().id() : outcome.failure().getMessage(),
        outcome.reportFile().toString()));
    return outcome;
  }

  /**
   * Rejects the pending request {@code id}; {@code reason} (may be null) goes to the audit trail.
   *
   * @throws PipelineException BAD_CONFIG where there is no such request or it is no longer pending
   */
  public RollbackRequest reject(String id, String reason) throws PipelineException {
    RollbackRequest found = pending(id);
    RollbackRequest rejected = requests.update(id, r -> r.decided(RollbackRequest.REJECTED, actor.toString(),
        Instant.now()));
    audit.append(AuditRecord.of(found.environment(), "reject", actor, reason, found.fromRelease(), found.toRelease(),
        "rejected", Map.of("request", id)));
    return rejected;
  }

  private RollbackRequest pending(String id) throws PipelineException {
    RollbackRequest found = requests.find(id).orElse(null);
    if (found == null || !found.pending()) {
      throw new PipelineException(PipelineException.Kind.BAD_CONFIG, found == null ? "no rollback request " + id
          : "rollback request " + id + " is " + found.status() + ", not pending");
    }
    return found;
  }
}
