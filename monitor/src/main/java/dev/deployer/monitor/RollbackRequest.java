package dev.deployer.monitor;

import java.time.Instant;
import java.util.List;

/**
 * The monitor asking for the environment to go back to its last verified release: which check
 * (or trigger) asked, why, and whether an operator must approve it first.
 */
public record RollbackRequest(
    String id,
    Instant time,
    String environment,
    String project,
    String trigger,
    String reason,
    List<String> failingChecks,
    boolean requiresConfirmation) {

  public RollbackRequest {
    failingChecks = List.copyOf(failingChecks);
  }

  /** What became of a request. */
  public record Decision(Status status, String detail) {}

  public enum Status {
    /** Recorded; nothing was wired to execute it. */
    RECORDED,
    /** Waiting for {@code deployer rollback --approve ID}. */
    PENDING_APPROVAL,
    EXECUTED,
    FAILED
  }
}
