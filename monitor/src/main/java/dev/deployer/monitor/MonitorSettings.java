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

  /** Values given on the command line, each winning over the config's; null leaves the config's. */
  public record Overrides(Duration healthInterval, Duration metricsInterval, Integer failureThreshold,
      Duration reminderInterval) {
    public static final Overrides NONE = new Overrides(null, null, null, null);
  }

  /** The environment's settings from deployment_config.yaml, with the monitor's own defaults. */
  public static MonitorSettings from(DeploymentConfig config) {
    return from(config, Overrides.NONE);
  }

  /**
   * The environment's settings with the command line's overrides. Without a reminder interval
   * from either, it follows the health interval in effect ({@link #defaultReminder}).
   */
  public static MonitorSettings from(DeploymentConfig config, Overrides overrides) {
    DeploymentConfig.MonitoringSettings monitoring = config.monitoring();
    Duration health = either(overrides.healthInterval(), monitoring.healthCheckInterval());
    Duration reminder = overrides.reminderInterval() != null ? overrides.reminderInterval()
        : monitoring.reminderInterval().orElse(defaultReminder(health));
    return new MonitorSettings(config.environment(), config.project(), health,
        either(overrides.metricsInterval(), monitoring.metricsInterval()),
        either(overrides.failureThreshold(), config.rollback().failureThreshold()),
        config.rollback().requiresConfirmation(), reminder, Duration.ofSeconds(30), 720, 3, Duration.ofMinutes(2));
  }

  /** Ten health intervals, at least a minute: often enough to be noticed, rarely enough not to be noise. */
  static Duration defaultReminder(Duration healthInterval) {
    Duration ten = healthInterval.multipliedBy(10);
    return ten.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : ten;
  }

  private static <T> T either(T override, T configured) {
    return override != null ? override : configured;
  }

  public MonitorSettings withHealthInterval(Duration interval) {
    return new MonitorSettings(environment, project, interval, metricsInterval, failureThreshold, requiresConfirmation,
        reminderInterval, checkTimeout, historySize, crashLoopDeaths, crashLoopWindow);
  }



  public MonitorSettings withRequiresConfirmation(boolean confirmation) {
    return new MonitorSettings(environment, project, healthInterval, metricsInterval, failureThreshold, confirmation,
        reminderInterval, checkTimeout, historySize, crashLoopDeaths, crashLoopWindow);
  }


  private static void requirePositive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
  }
}
