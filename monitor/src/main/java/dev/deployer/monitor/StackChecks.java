package dev.deployer.monitor;

import dev.deployer.infrastructure.baseline.BaselineComparison;
import dev.deployer.infrastructure.baseline.StackInspector;
import dev.deployer.infrastructure.check.ContainerStateCheck;
import dev.deployer.infrastructure.check.DiskCheck;
import dev.deployer.infrastructure.check.HealthComponentsCheck;
import dev.deployer.infrastructure.check.HttpCheck;
import dev.deployer.infrastructure.check.ResourceCheck;
import dev.deployer.infrastructure.check.SecurityChecks;
import dev.deployer.infrastructure.check.TcpCheck;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.compose.ResourceLimits;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.ProbeSettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import dev.deployer.infrastructure.stack.StackContainers;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The monitor's checks for a Compose stack, at four levels, from the services' probes in the
 * config (deployment_config.yaml's {@code probes}). Service: every container running, every
 * published port open, the health endpoint answering as expected. Application: the liveness
 * endpoint and the configured application requests. Dependency: the app's own view of its
 * dependencies (health {@code components} and {@code dependencies}). Infrastructure (at the metrics
 * interval): CPU and memory per container, disk of the engine's data root. And, at the metrics
 * interval too, the environment's security rules ({@link #security}). On a multi-node swarm a
 * service whose task runs on another node is judged by Swarm's task state and through its published
 * port; its resources, which only that node's engine can sample, warn.
 */
public final class StackChecks {

  /** The label naming a service's health path where the config's probes do not. */
  public static final String HEALTH_PATH = ProbeSettings.HEALTH_LABEL;

  private StackChecks() {}

  /** {@code host} is where published ports are reached: 127.0.0.1 for a local engine, else the engine's host. */
  public static List<MonitoredCheck> forStack(DeploymentConfig config, ComposeProject project, ContainerEngine engine,
      String host, OkHttpClient http) {
    return forStack(config, project, StackContainers.compose(project.name()), engine, host, http);
  }

  public static List<MonitoredCheck> forStack(DeploymentConfig config, ComposeProject project, StackContainers containers,
      ContainerEngine engine, String host, OkHttpClient http) {
    Duration maxResponse = config.validation().maxResponseTime();
    ProbeSettings probes = config.probes();
    List<MonitoredCheck> checks = new ArrayList<>();
    for (ComposeService service : project.services().values()) {
      String name = service.name();
      if (containers.runsNone().test(name)) {
        continue; // 0 replicas: nothing runs, nothing to watch
      }
      checks.add(MonitoredCheck.health(ContainerStateCheck.forService(engine, containers, name, Levels.SERVICE)));
      PortMapping first = null;
      for (PortMapping port : service.ports()) {
        if (port.publishedPort() < 0 || !"tcp".equals(port.protocol()) || !containers.publishes().test(name)) {
          continue;
        }
        first = first == null ? port : first;
        checks.add(MonitoredCheck.health(new TcpCheck("port " + name + " " + port.publishedPort(), Levels.SERVICE,
            endpoint(host, port).host(), port.publishedPort(), Duration.ofSeconds(3))));
      }
      Optional<ProbeSettings.Health> health = probes.health(service);
      if (first != null && health.isPresent()) {
        String base = endpoint(host, first).url();
        checks.add(MonitoredCheck.health(new HttpCheck("readiness " + name, Levels.SERVICE, "GET",
            base + health.get().path(), null, health.get().expect(), maxResponse, http, Map.of())));
        if (health.get().liveness() != null) {
          checks.add(MonitoredCheck.health(new HttpCheck("liveness " + name, Levels.APPLICATION,
              base + health.get().liveness(), 200, Map.of(), maxResponse, http, Map.of())));
        }
        Map<String, String> headers = probes.headers(name, config.variables());
        for (ProbeSettings.Request probe : probes.service(name).map(ProbeSettings.Service::checks).orElse(List.of())) {
          checks.add(MonitoredCheck.health(new HttpCheck("probe " + name + " " + probe.name(), Levels.APPLICATION,
              probe.method(), base + probe.path(), probe.body(), probe.expect(), maxResponse, http, headers)));
        }
        if (health.get().components() != null) {
          checks.add(MonitoredCheck.health(new HealthComponentsCheck("dependencies " + name, Levels.DEPENDENCY,
              base + health.get().components(), health.get().dependencies(), maxResponse, http, Map.of())));
        }
      }
      checks.add(MonitoredCheck.metrics(ResourceCheck.forService(engine, containers, name, Levels.INFRASTRUCTURE,
          config.validation().maxCpuPercent(), config.validation().maxMemoryPercent(), cpuLimit(service))));
    }
    checks.add(MonitoredCheck.metrics(disk(config, containers, engine)));
    return checks;
  }

  /**
   * The environment's security rules at its level from the config, as verify runs them
   * ({@link SecurityChecks}), over the stack's running containers and its published health and API
   * endpoints; run every {@code metricsInterval}. {@code defaultSecrets} are the secret values to
   * reject; {@code pinnedImageIds} looks up the image ids the running releases pinned.
   */
  public static List<MonitoredCheck> security(DeploymentConfig config, ComposeProject project,
      StackContainers containers, ContainerEngine engine, String host, OkHttpClient http, Set<String> defaultSecrets,
      Supplier<Map<String, String>> pinnedImageIds, Duration metricsInterval, Clock clock) {
    ProbeSettings probes = config.probes();
    Map<String, String> bases = new LinkedHashMap<>();
    List<String> healthUrls = new ArrayList<>();
    for (ComposeService service : project.services().values()) {
      Optional<ProbeSettings.Health> health = probes.health(service);
      PortMapping first = service.ports().stream()
          .filter(port -> port.publishedPort() >= 0 && "tcp".equals(port.protocol()))
          .filter(port -> containers.publishes().test(service.name())).findFirst().orElse(null);
      if (first == null || health.isEmpty()) {
        continue;
      }
      String base = endpoint(host, first).url();
      bases.put(service.name(), base);
      healthUrls.add(base + health.get().path());
      if (health.get().components() != null) {
        healthUrls.add(base + health.get().components());
      }
    }
    Optional<String> api = probes.protectedServices().stream().findFirst();
    SecurityChecks.Target template = new SecurityChecks.Target(
        () -> StackInspector.inspect(engine, project, containers), http, api.map(bases::get).orElse(null),
        api.flatMap(probes::service).map(ProbeSettings.Service::protectedPath).orElse(null), healthUrls,
        defaultSecrets, BaselineComparison.publicServices(project, probes), Map.of());
    return SecurityWatch.checks(config.validation().securityLevel(), template, pinnedImageIds, metricsInterval, clock);
  }

  private static DiskCheck disk(DeploymentConfig config, StackContainers containers, ContainerEngine engine) {
    double max = config.validation().maxDiskPercent();
    if (config.docker().host().startsWith("unix://") || config.docker().host().startsWith("npipe://")) {
      return DiskCheck.engineDataRoot(engine, Levels.INFRASTRUCTURE, max);
    }
    // A remote engine's data root is not on this host; a container's root file system lives on it.
    return new DiskCheck("disk engine data root", Levels.INFRASTRUCTURE, () -> {
      ContainerInfo running = engine.containers(containers.ofStack()).stream()
          .filter(ContainerInfo::running).findFirst()
          .orElseThrow(() -> new IOException("no running container to measure from"));
      return DiskCheck.inContainer(engine, running.id(), "/").measure();
    }, max);
  }

  private static Double cpuLimit(ComposeService service) {
    ResourceLimits limits = service.deploy() != null && service.deploy().limits() != null
        ? service.deploy().limits() : service.limits();
    return limits == null ? null : limits.cpus();
  }

  private static ServiceEndpoint endpoint(String host, PortMapping port) {
    return ServiceEndpoint.published(host, port.hostIp(), port.publishedPort());
  }
}
