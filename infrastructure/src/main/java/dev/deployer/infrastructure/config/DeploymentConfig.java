package dev.deployer.infrastructure.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The settings of one environment: base merged with the environment's section. */
public record DeploymentConfig(
    String environment,
    Path configFile,
    String project,
    Path composeFile,
    String appProfile,
    DockerSettings docker,
    Map<String, Integer> ports,
    Map<String, String> variables,
    Duration waitTimeout,
    MonitoringSettings monitoring,
    RollbackSettings rollback,
    ValidationSettings validation,
    AlertSettings alerts,
    ReportSettings reports) {

  public DeploymentConfig {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(composeFile, "composeFile");
    ports = Map.copyOf(ports);
    variables = Map.copyOf(variables);
  }

  /** Variables for compose.yaml interpolation: the ports as {@code <SERVICE>_PORT}, then the explicit ones. */
  public Map<String, String> composeVariables() {
    Map<String, String> result = new LinkedHashMap<>();
    result.put("COMPOSE_PROJECT_NAME", project);
    result.put("SCHEDULER_PROFILE", appProfile);
    ports.forEach((service, port) -> result.put(service.toUpperCase().replace('-', '_') + "_PORT", port.toString()));
    result.putAll(variables);
    return result;
  }

  /** Where the engine is and how to reach it. */
  public record DockerSettings(String host, boolean tlsVerify, String certPath) {}

  public record MonitoringSettings(Duration healthCheckInterval, Duration metricsInterval) {}

  public record RollbackSettings(int failureThreshold, boolean requiresConfirmation, int keepReleases) {}

  public record ValidationSettings(
      SecurityLevel securityLevel,
      Duration maxResponseTime,
      double minThroughput,
      double maxCpuPercent,
      double maxMemoryPercent,
      double maxDiskPercent,
      double baselineTolerancePercent) {}

  public record AlertSettings(Map<String, String> webhooks) {
    public AlertSettings {
      webhooks = Map.copyOf(webhooks);
    }
  }

  public record ReportSettings(Map<String, Duration> retention) {
    public ReportSettings {
      retention = Map.copyOf(retention);
    }
  }

  public enum SecurityLevel {
    BASIC,
    FULL,
    MAXIMUM
  }
}
