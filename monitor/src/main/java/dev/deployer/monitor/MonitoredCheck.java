package dev.deployer.monitor;

import dev.deployer.infrastructure.check.Check;

/**
 * A check and when it runs: at the health interval or the metrics interval. Its level (service,
 * application, infrastructure, dependency) is the check's category.
 */
public record MonitoredCheck(Check check, Schedule schedule) {

  public enum Schedule {
    HEALTH,
    METRICS
  }

  public static MonitoredCheck health(Check check) {
    return new MonitoredCheck(check, Schedule.HEALTH);
  }

  public static MonitoredCheck metrics(Check check) {
    return new MonitoredCheck(check, Schedule.METRICS);
  }

  public String name() {
    return check.name();
  }

  public String level() {
    return check.category();
  }

  /** Infrastructure thresholds warn; a broken service, application or dependency is critical. */
  public Severity severity() {
    return Levels.INFRASTRUCTURE.equals(level()) ? Severity.WARNING : Severity.CRITICAL;
  }
}
