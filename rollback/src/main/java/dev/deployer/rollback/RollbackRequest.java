package dev.deployer.rollback;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Instant;
import java.util.List;

/**
 * A rollback someone asked for, waiting for an operator where the environment requires
 * confirmation (production), or carried out at once elsewhere. The monitor raises one when a
 * check keeps failing ({@link #raised}); the rollback service records it in {@link RollbackRequests}
 * once it knows the releases, as a failed deploy does.
 *
 * @param trigger what raised it: monitor, deploy, operator; while the monitor raises it, the check
 *     or rule that failed
 * @param status requested (raised, not recorded yet), pending, approved, rejected, done, failed,
 *     superseded (a newer request of the same environment was made while this one was pending)
 *     (files the monitor recorded on its own, with {@code time} and "requested", read as well)
 * @param project the Compose project, where the monitor raised it (null in recorded requests)
 * @param failingChecks the checks failing when the monitor raised it (empty where none were)
 * @param requiresConfirmation whether it waits for an operator's approval (false in files recorded
 *     before it was kept)
 */
public record RollbackRequest(
    String id,
    String environment,
    @JsonAlias("time") Instant created,
    String trigger,
    String reason,
    String fromRelease,
    String toRelease,
    String requestedBy,
    String status,
    String decidedBy,
    Instant decidedAt,
    String result,
    String report,
    String project,
    List<String> failingChecks,
    boolean requiresConfirmation) {

  public static final String REQUESTED = "requested";
  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String SUPERSEDED = "superseded";

  public RollbackRequest {
    failingChecks = failingChecks == null ? List.of() : List.copyOf(failingChecks);
  }

  /** The monitor asking for the environment to go back to its last verified release, before anything is decided. */
  public static RollbackRequest raised(String id, Instant time, String environment, String project, String trigger,
      String reason, List<String> failingChecks, boolean requiresConfirmation) {
    return new RollbackRequest(id, environment, time, trigger, reason, null, null, "monitor", REQUESTED, null, null,
        null, null, project, failingChecks, requiresConfirmation);
  }

  /** A request recorded as pending: it waits for an operator's approval. */
  static RollbackRequest pending(String id, String environment, Instant created, String trigger, String reason,
      String fromRelease, String toRelease, String requestedBy) {
    return new RollbackRequest(id, environment, created, trigger, reason, fromRelease, toRelease, requestedBy, PENDING,
        null, null, null, null, null, List.of(), true);
  }

  public boolean pending() {
    return PENDING.equals(status);
  }

  public RollbackRequest decided(String next, String by, Instant at) {
    return new RollbackRequest(id, environment, created, trigger, reason, fromRelease, toRelease, requestedBy, next,
        by, at, result, report, project, failingChecks, requiresConfirmation);
  }

  public RollbackRequest finished(String next, String outcome, String reportFile) {
    return new RollbackRequest(id, environment, created, trigger, reason, fromRelease, toRelease, requestedBy, next,
        decidedBy, decidedAt, outcome, reportFile, project, failingChecks, requiresConfirmation);
  }

  /** The same request with its status set, as the monitor's own record keeps it. */
  public RollbackRequest withStatus(String next) {
    return new RollbackRequest(id, environment, created, trigger, reason, fromRelease, toRelease, requestedBy, next,
        decidedBy, decidedAt, result, report, project, failingChecks, requiresConfirmation);
  }

  /** The same request with another reason (its secrets scrubbed, for a report). */
  public RollbackRequest withReason(String text) {
    return new RollbackRequest(id, environment, created, trigger, text, fromRelease, toRelease, requestedBy, status,
        decidedBy, decidedAt, result, report, project, failingChecks, requiresConfirmation);
  }
}
