package dev.deployer.monitor;

import dev.deployer.infrastructure.config.DeploymentConfig;
import java.time.Duration;
import java.util.Objects;

/** How the monitor runs: intervals, threshold, confirmation, and the bounds on what it keeps. */
public record MonitorSettings(
    String environment,
    String project,
    Duration healthInterval,
    Duration metricsInterval,
    int failureThreshold,
    boolean requiresConfirmation,
    Duration reminderInterval,
    Duration checkTimeout,
    int historySize,
    int crashLoopDeaths,
    Duration crashLoopWindow) {

  public MonitorSettings {
    Objects.requireNonNull(environment, "environment");
    requirePositive(healthInterval, "health interval");
    requirePositive(metricsInterval, "metrics interval");
    requirePositive(reminderInterval, "reminder interval");
    requirePositive(checkTimeout, "check timeout");
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failure threshold must be at least 1, was " + failureThreshold);
    }
    if (historySize < 1 || crashLoopDeaths < 1) {
      throw new IllegalArgumentException("history size and crash-loop deaths must be at least 1");
    }
  }

  /** The environment's settings from deployment_config.yaml, with the monitor's own defaults. */
  public static MonitorSettings from(DeploymentConfig config) {
    Duration health = config.monitoring().healthCheckInterval();
    return new MonitorSettings(config.environment(), config.project(), health, config.monitoring().metricsInterval(),
        config.rollback().failureThreshold(), config.rollback().requiresConfirmation(), defaultReminder(health),
        Duration.ofSeconds(30), 720, 3, Duration.ofMinutes(2));
  }

  /** Ten health intervals, at least a minute: often enough to be noticed, rarely enough not to be noise. */
  static Duration defaultReminder(Duration healthInterval) {
    Duration ten = healthInterval.multipliedBy(10);
    return ten.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : ten;
  }

  public MonitorSettings withHealthInterval(Duration interval) {
    return new MonitorSettings(environment, project, interval, metricsInterval, failureThreshold, requiresConfirmation,
        defaultReminder(interval), checkTimeout, historySize, crashLoopDeaths, crashLoopWindow);
  }

  public MonitorSettings withMetricsInterval(Duration interval) {
    return new MonitorSettings(environment, project, healthInterval, interval, failureThreshold, requiresConfirmation,
        reminderInterval, checkTimeout, historySize, crashLoopDeaths, crashLoopWindow);
  }

  public MonitorSettings withFailureThreshold(int threshold) {
    return new MonitorSettings(environment, project, healthInterval, metricsInterval, threshold, requiresConfirmation,
        reminderInterval, checkTimeout, historySize, crashLoopDeaths, crashLoopWindow);
  }

  public MonitorSettings withRequiresConfirmation(boolean confirmation) {
    return new MonitorSettings(environment, project, healthInterval, metricsInterval, failureThreshold, confirmation,
        reminderInterval, checkTimeout, historySize, crashLoopDeaths, crashLoopWindow);
  }

  public MonitorSettings withReminderInterval(Duration interval) {
    return new MonitorSettings(environment, project, healthInterval, metricsInterval, failureThreshold,
        requiresConfirmation, interval, checkTimeout, historySize, crashLoopDeaths, crashLoopWindow);
  }

  private static void requirePositive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
  }
}
