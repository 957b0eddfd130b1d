package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import java.util.List;

/** A step that could not complete; {@link #kind()} says what it means for the exit code. */
public class PipelineException extends Exception {

  /** Why the pipeline stopped, one value per exit code of the CLI. */
  public enum Kind {
    BAD_CONFIG,
    PRE_CHECK_FAILED,
    DEPLOY_FAILED,
    VERIFICATION_FAILED,
    ENGINE_UNAVAILABLE,
    LOCK_HELD,
    ROLLBACK_FAILED,
    /**
     * A failed deploy whose rollback waits for the operator's approval (where the environment
     * requires confirmation): the failed release still runs, so it is not "rolled back".
     */
    ROLLBACK_PENDING
  }

  private final Kind kind;
  private final List<CheckResult> failedChecks;
  private final List<String> details;

  public PipelineException(Kind kind, String message) {
    this(kind, message, List.of(), List.of(), null);
  }

  public PipelineException(Kind kind, String message, Throwable cause) {
    this(kind, message, List.of(), List.of(), cause);
  }

  public PipelineException(Kind kind, String message, List<CheckResult> failedChecks, List<String> details,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.failedChecks = List.copyOf(failedChecks);
    this.details = List.copyOf(details);
  }

  public Kind kind() {
    return kind;
  }

  public List<CheckResult> failedChecks() {
    return failedChecks;
  }

  /** Extra lines for the operator, such as the last log lines of a container that died. */
  public List<String> details() {
    return details;
  }
}
