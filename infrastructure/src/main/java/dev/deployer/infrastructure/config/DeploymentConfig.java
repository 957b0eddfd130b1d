package dev.deployer.infrastructure.config;

import dev.deployer.infrastructure.compose.ComposeProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The settings of one environment: base merged with the environment's section. */
public record DeploymentConfig(
    String environment,
    Path configFile,
    String project,
    Path composeFile,
    String appProfile,
    DockerSettings docker,
    Map<String, Integer> ports,
    Publishing publishing,
    Map<String, String> variables,
    Duration waitTimeout,
    MonitoringSettings monitoring,
    RollbackSettings rollback,
    ValidationSettings validation,
    AlertSettings alerts,
    ReportSettings reports,
    ProxySettings proxy,
    ProbeSettings probes) {

  public DeploymentConfig {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(composeFile, "composeFile");
    ports = Map.copyOf(ports);
    Objects.requireNonNull(publishing, "publishing");
    variables = Map.copyOf(variables);
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(probes, "probes");
  }

  /**
   * Settings for acting on a bare compose file, without a deployment config: the engine from
   * DOCKER_HOST, the base section's defaults for everything else.
   */
  public static DeploymentConfig forComposeFile(String project, Path composeFile, Map<String, String> environment) {
    String host = environment.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    boolean tls = "1".equals(environment.get("DOCKER_TLS_VERIFY"));
    return new DeploymentConfig("compose", composeFile, project, composeFile, "local",
        new DockerSettings(host, tls, environment.getOrDefault("DOCKER_CERT_PATH", "")), Map.of(), Publishing.ALL,
        Map.of(),
        Duration.ofMinutes(3),
        new MonitoringSettings(Duration.ofSeconds(15), Duration.ofSeconds(5), Optional.empty()),
        new RollbackSettings(5, false, 5),
        new ValidationSettings(SecurityLevel.BASIC, Duration.ofSeconds(1), 10, 80, 80, 90, 50),
        new AlertSettings(Map.of()),
        new ReportSettings(Map.of("deployment", Duration.ofDays(30))),
        ProxySettings.DEFAULT, ProbeSettings.NONE);
  }

  /** The same settings with other validation thresholds (command-line overrides). */
  public DeploymentConfig withValidation(ValidationSettings settings) {
    return new DeploymentConfig(environment, configFile, project, composeFile, appProfile, docker, ports, publishing,
        variables, waitTimeout, monitoring, rollback, settings, alerts, reports, proxy, probes);
  }

  /**
   * The Compose project as this environment deploys it: services it does not publish lose their
   * host ports ({@link Publishing#apply}), services with a configured health path carry it as their
   * label ({@link ProbeSettings#apply}).
   */
  public ComposeProject deployed(ComposeProject project) throws ConfigException {
    return probes.apply(publishing.apply(project));
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

  /** {@code reminderInterval}: how often an alert is repeated while its check keeps failing; empty: the monitor's default. */
  public record MonitoringSettings(Duration healthCheckInterval, Duration metricsInterval,
      Optional<Duration> reminderInterval) {}

  public record RollbackSettings(int failureThreshold, boolean requiresConfirmation, int keepReleases) {}

  public record ValidationSettings(
      SecurityLevel securityLevel,
      Duration maxResponseTime,
      double minThroughput,
      double maxCpuPercent,
      double maxMemoryPercent,
      double maxDiskPercent,
      double baselineTolerancePercent) {}

  /** {@code format}: the body the webhooks get, the deployer's own JSON or Slack's ({@code {"text": ...}}). */
  public record AlertSettings(Map<String, String> webhooks, Format format) {
    public AlertSettings {
      webhooks = Map.copyOf(webhooks);
      format = format == null ? Format.GENERIC : format;
    }

    public AlertSettings(Map<String, String> webhooks) {
      this(webhooks, Format.GENERIC);
    }

    public enum Format {
      GENERIC,
      /** Slack's incoming webhooks; Mattermost and Rocket.Chat take the same body. */
      SLACK;

      public static java.util.Optional<Format> parse(String name) {
        return java.util.Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
      }
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
