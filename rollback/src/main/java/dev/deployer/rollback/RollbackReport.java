package dev.deployer.rollback;

import dev.deployer.infrastructure.check.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON rollback report (retained 90 days): what triggered it, the timeline, what changed,
 * the checks afterwards, and, when it failed, the state it left and what the operator must do.
 */
public record RollbackReport(
    String id,
    String environment,
    String project,
    String trigger,
    String reason,
    String requestId,
    String user,
    String host,
    String from,
    String to,
    boolean restoreData,
    Instant started,
    Instant finished,
    Duration duration,
    String result,
    String failure,
    List<String> failureDetails,
    List<TimelineEntry> timeline,
    Map<String, ServiceChange> changes,
    Map<String, Long> rowsLost,
    List<CheckResult> checks,
    List<String> stackState,
    String operatorAction) {

  /** One step of the rollback and how long it took. */
  public record TimelineEntry(String step, String status, Duration duration, String message) {}

  /** What the rollback changes for one service. */
  public record ServiceChange(String fromImage, String fromImageId, String toImage, String toImageId,
      boolean configChanged) {}
}
