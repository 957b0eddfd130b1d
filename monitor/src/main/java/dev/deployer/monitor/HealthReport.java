package dev.deployer.monitor;

import dev.deployer.rollback.RollbackRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one monitor run saw: per-check summaries, the recent samples behind the charts, alerts,
 * container events and rollback requests. Stored as report type "health".
 */
public record HealthReport(
    String id,
    String environment,
    String project,
    Instant started,
    Instant finished,
    String status,
    Settings settings,
    List<CheckSummary> checks,
    Map<String, List<Sample>> samples,
    List<Alert> alerts,
    List<ContainerEvent> events,
    List<RollbackRecord> rollbackRequests,
    long eventStreamReconnects,
    List<String> traffic) {

  /** A report without traffic lines (a target without a traffic switch, or a report written before). */
  public HealthReport(String id, String environment, String project, Instant started, Instant finished, String status,
      Settings settings, List<CheckSummary> checks, Map<String, List<Sample>> samples, List<Alert> alerts,
      List<ContainerEvent> events, List<RollbackRecord> rollbackRequests, long eventStreamReconnects) {
    this(id, environment, project, started, finished, status, settings, checks, samples, alerts, events,
        rollbackRequests, eventStreamReconnects, List.of());
  }

  public HealthReport {
    traffic = traffic == null ? List.of() : List.copyOf(traffic);
  }

  public static final String TYPE = "health";
  public static final String HEALTHY = "healthy";
  public static final String UNHEALTHY = "unhealthy";
  public static final String ROLLBACK_REQUESTED = "rollback requested";

  public record Settings(Duration healthInterval, Duration metricsInterval, int failureThreshold,
      boolean requiresConfirmation, Duration reminderInterval) {}

  public record CheckSummary(
      String name,
      String level,
      String schedule,
      long runs,
      long failures,
      int consecutiveFailures,
      String lastVerdict,
      String lastExpected,
      String lastActual,
      Instant lastTime,
      long averageMillis,
      long maxMillis) {}

  /** One run of one check, for the charts. */
  public record Sample(Instant time, long millis, String verdict) {}

  public record ContainerEvent(Instant time, String service, String action, String detail) {}

  public record RollbackRecord(RollbackRequest request, String status, String detail) {}
}
