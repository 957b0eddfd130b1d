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

  /**
   * What the rollback changes for one service; {@code keptContainer}: the target release's own
   * container of it was kept (after a failed deploy) and is restarted, not created again.
   */
  public record ServiceChange(String fromImage, String fromImageId, String toImage, String toImageId,
      boolean configChanged, boolean keptContainer) {

    public boolean changes() {
      return configChanged || !java.util.Objects.equals(fromImageId, toImageId);
    }

    public ServiceChange withKeptContainer() {
      return new ServiceChange(fromImage, fromImageId, toImage, toImageId, configChanged, true);
    }
  }
}
