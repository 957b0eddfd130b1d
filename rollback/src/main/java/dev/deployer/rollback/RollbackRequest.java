package dev.deployer.rollback;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Instant;

/**
 * A rollback someone asked for, waiting for an operator where the environment requires
 * confirmation (production), or carried out at once elsewhere.
 *
 * @param trigger what raised it: monitor, deploy, operator
 * @param status pending, approved, rejected, done, failed, superseded (a newer request of the
 *     same environment was made while this one was pending)
 *     (files the monitor recorded on its own, with {@code time} and "requested", read as well)
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
    String report) {

  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String SUPERSEDED = "superseded";

  public boolean pending() {
    return PENDING.equals(status);
  }

  public RollbackRequest decided(String next, String by, Instant at) {
    return new RollbackRequest(id, environment, created, trigger, reason, fromRelease, toRelease, requestedBy, next,
        by, at, result, report);
  }

  public RollbackRequest finished(String next, String outcome, String reportFile) {
    return new RollbackRequest(id, environment, created, trigger, reason, fromRelease, toRelease, requestedBy, next,
        decidedBy, decidedAt, outcome, reportFile);
  }
}
