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

  /**
   * Resource usage (CPU, memory, disk) past its threshold warns: log and console only. A broken
   * service, application or dependency, an answer slower than the maximum response time, and a
   * security violation are critical: they go to the rollback check.
   */
  public Severity severity() {
    return Levels.INFRASTRUCTURE.equals(level()) ? Severity.WARNING : Severity.CRITICAL;
  }

  /** A failure of a security rule is a violation: an immediate rollback trigger, not a count towards the threshold. */
  public boolean immediateTrigger() {
    return Levels.SECURITY.equals(level());
  }
}
