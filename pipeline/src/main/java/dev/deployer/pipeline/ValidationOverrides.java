package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.LoadProbe;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.DeploymentConfig.ValidationSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line overrides of the environment's validation thresholds, the baseline file and the
 * load probe's budget; null fields keep what the config or the defaults say.
 */
public record ValidationOverrides(
    Duration maxResponseTime,
    Double minThroughput,
    Double tolerancePercent,
    Double maxCpuPercent,
    Double maxMemoryPercent,
    Double maxDiskPercent,
    Path baselineFile,
    Duration probeDuration,
    Integer probeRequests) {

  public static final ValidationOverrides NONE = new ValidationOverrides(null, null, null, null, null, null, null,
      null, null);

  /** How long the load probe measures containers that were verified with the full probe at their own deploy. */
  public static final Duration WARM_PROBE = Duration.ofSeconds(1);

  public ValidationSettings apply(ValidationSettings settings) {
    return new ValidationSettings(settings.securityLevel(),
        maxResponseTime != null ? maxResponseTime : settings.maxResponseTime(),
        minThroughput != null ? minThroughput : settings.minThroughput(),
        maxCpuPercent != null ? maxCpuPercent : settings.maxCpuPercent(),
        maxMemoryPercent != null ? maxMemoryPercent : settings.maxMemoryPercent(),
        maxDiskPercent != null ? maxDiskPercent : settings.maxDiskPercent(),
        tolerancePercent != null ? tolerancePercent : settings.baselineTolerancePercent());
  }

  /** The config with its validation settings overridden, so every step sees the same thresholds. */
  public DeploymentConfig apply(DeploymentConfig config) {
    if (equals(NONE)) {
      return config;
    }
    return config.withValidation(apply(config.validation()));
  }

  /**
   * The probe after a rollback that only switched back to warm containers: {@link #WARM_PROBE}
   * long, unless the command line sets the probe's budget.
   */
  public LoadProbe.Settings warmProbe() {
    LoadProbe.Settings probe = probe();
    if (probeDuration != null || probeRequests != null) {
      return probe;
    }
    return new LoadProbe.Settings(probe.concurrency(), probe.maxRequests(), WARM_PROBE, probe.warmup(),
        probe.requestTimeout());
  }

  public LoadProbe.Settings probe() {
    LoadProbe.Settings defaults = LoadProbe.Settings.DEFAULT;
    return new LoadProbe.Settings(defaults.concurrency(),
        probeRequests != null ? probeRequests : defaults.maxRequests(),
        probeDuration != null ? probeDuration : defaults.maxDuration(), defaults.warmup(), defaults.requestTimeout());
  }
}
