package dev.deployer.infrastructure.baseline;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.ContainerStateCheck;
import dev.deployer.infrastructure.check.DiskCheck;
import dev.deployer.infrastructure.check.HealthComponentsCheck;
import dev.deployer.infrastructure.check.HttpCheck;
import dev.deployer.infrastructure.check.LoadProbe;
import dev.deployer.infrastructure.check.PerformanceCheck;
import dev.deployer.infrastructure.check.PortsCheck;
import dev.deployer.infrastructure.check.ResourceCheck;
import dev.deployer.infrastructure.check.RetryingCheck;
import dev.deployer.infrastructure.check.SecurityChecks;
import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.check.TcpCheck;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.config.DeploymentConfig.ValidationSettings;
import dev.deployer.infrastructure.config.ProbeSettings;
import dev.deployer.infrastructure.config.Publishing;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import dev.deployer.infrastructure.stack.StackContainers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Turns a baseline and a running environment into checks, one per drift worth knowing about:
 * services, ports (mapped through the environment's configured ports), health answers, image
 * configuration, resources, performance, and security at the environment's level. Thresholds
 * come from the environment; the baseline supplies what to expect and the performance reference.
 */
public final class BaselineComparison {

  static final int HEALTH_ATTEMPTS = 3;

  /**
   * The environment to compare: its project as loaded, its configured host ports per service,
   * which services it publishes on the host (the others are expected to publish nothing), its
   * thresholds (overrides applied), where published ports answer, and, when known, the image
   * ids its release pinned, the default secret values to reject, how its containers are found
   * (a Compose project's, or a Swarm stack's task containers), its probes and the config variables
   * their credentials come from.
   */
  public record Target(String environment, ComposeProject project, Map<String, Integer> configuredPorts,
      Publishing publishing, ValidationSettings validation, ContainerEngine engine, String host, OkHttpClient http,
      LoadProbe.Settings probe, Map<String, String> pinnedImageIds, Set<String> defaultSecrets,
      StackContainers containers, ProbeSettings probes, Map<String, String> variables) {}

  private final Baseline baseline;
  private final Target target;
  private final Supplier<List<ServiceContainer>> services;
  private PerformanceCheck performance;

  public BaselineComparison(Baseline baseline, Target target) {
    this.baseline = baseline;
    this.target = target;
    this.services = memoize(() -> StackInspector.inspect(target.engine(), target.project(), target.containers()));
  }

  /**
   * The public API, the service the performance probe loads: the one whose probes have a
   * performance section, else the first with a protected path, else the first with a health path.
   */
  public static Optional<String> apiService(ComposeProject project, ProbeSettings probes) {
    Optional<String> configured = probes.performanceService().or(() -> probes.protectedServices().stream()
        .filter(project.services()::containsKey).findFirst());
    if (configured.isPresent() && project.services().containsKey(configured.get())) {
      return configured;
    }
    return project.services().values().stream().filter(s -> probes.health(s).isPresent())
        .map(ComposeService::name).findFirst();
  }

  /** The services that may publish ports at security level maximum: those with a protected path, else the API. */
  public static Set<String> publicServices(ComposeProject project, ProbeSettings probes) {
    Set<String> listed = probes.protectedServices();
    return listed.isEmpty() ? apiService(project, probes).map(Set::of).orElse(Set.of()) : listed;
  }

  /** The performance check among {@link #checks()}, for the performance report; null when there is none. */
  public PerformanceCheck performanceCheck() {
    return performance;
  }

  /** Every check, resources before performance so that the probe's load does not count against the stack. */
  public List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    checks.add(Drifts.services(baseline, target.project()));
    baseline.services().forEach((name, service) -> {
      if (!target.containers().publishes().test(name)) {
        return;
      }
      List<PublishedPort> expected = expectedPorts(name, service);
      if (target.containers().containersPublish().test(name)) {
        checks.add(new PortsCheck(name, expected, () -> running(name).map(ContainerInfo::ports),
            !target.environment().equals(baseline.captured().environment())));
      }
      Optional<ServiceEndpoint> reach = target.containers().reach().apply(name);
      for (PublishedPort port : expected) {
        boolean first = port == expected.get(0);
        ServiceEndpoint endpoint = first && reach.isPresent() ? reach.get() : endpoint(port);
        checks.add(new TcpCheck("reachable " + name + " " + port.hostPort() + "->" + port.containerPort(), "ports",
            endpoint.host(), endpoint.port(), Duration.ofSeconds(3)));
      }
    });
    ValidationSettings validation = target.validation();
    baseline.services().forEach((name, service) -> {
      if (!service.health().isEmpty() && !reachable(name, service)) {
        // Not published here: its health is what Docker's health check (inside the container) says.
        checks.add(new ContainerStateCheck("health " + name + " (not published)", "health", target.engine(),
            target.containers().ofService().apply(name), () -> target.containers().elsewhere().apply(name)));
        return;
      }
      for (Baseline.Health health : service.health()) {
        String url = url(name, service) + health.path();
        // The baseline's answer, and the text the config expects in it (a plain-text health page).
        String contains = configuredHealth(name).filter(h -> h.path().equals(health.path()))
            .map(h -> h.expect().contains()).orElse(null);
        checks.add(retrying(new HttpCheck("health " + name + " " + health.path(), "health", "GET", url, null,
            new ProbeSettings.Expect(health.status(),
                health.bodyStatus().isEmpty() ? Map.of() : Map.of("status", health.bodyStatus()), contains),
            validation.maxResponseTime(), target.http(), Map.of())));
        if (!health.components().isEmpty()) {
          checks.add(retrying(new HealthComponentsCheck("health components " + name, "health", url,
              health.components(), validation.maxResponseTime(), target.http(), Map.of())));
        }
      }
    });
    baseline.services().forEach((name, service) -> {
      if (service.image() != null) {
        checks.add(Drifts.image(name, service, () -> serviceContainer(name)));
      }
      if (service.security() != null) {
        checks.add(Drifts.security(name, service.security(), () -> serviceContainer(name)));
      }
    });
    for (ComposeService service : target.project().services().values()) {
      if (target.containers().runsNone().test(service.name())) {
        continue; // 0 replicas: no container to measure
      }
      checks.add(ResourceCheck.forService(target.engine(), target.containers(), service.name(), "resources",
          validation.maxCpuPercent(), validation.maxMemoryPercent(),
          service.limits() == null ? null : service.limits().cpus()));
    }
    checks.add(DiskCheck.engineDataRoot(target.engine(), "resources", validation.maxDiskPercent()));
    performance = performance(validation);
    if (performance != null) {
      // A second probe only when the first fails: a burst of load elsewhere passes, a slow release fails twice.
      checks.add(new RetryingCheck(performance, 2, Duration.ofSeconds(1)));
    }
    checks.addAll(SecurityChecks.forLevel(validation.securityLevel(), security()));
    return checks;
  }

  /** A baseline derived from the Compose file and the probes alone, for an environment that has no captured one. */
  public static Baseline fromCompose(ComposeProject project, ProbeSettings probes, String environment) {
    Map<String, Baseline.ServiceBaseline> services = new java.util.LinkedHashMap<>();
    for (ComposeService service : project.services().values()) {
      List<Baseline.Port> ports = new ArrayList<>();
      service.ports().stream().filter(p -> p.publishedPort() > 0).forEach(p -> ports.add(new Baseline.Port(
          p.target(), p.protocol(), p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp(), p.publishedPort())));
      Optional<ProbeSettings.Health> endpoint = probes.health(service);
      List<Baseline.Health> health = endpoint.isEmpty() || ports.isEmpty() ? List.of()
          : List.of(new Baseline.Health(endpoint.get().path(), endpoint.get().expect().status(),
              endpoint.get().expect().json().getOrDefault("status", ""), List.of()));
      services.put(service.name(), new Baseline.ServiceBaseline(null, null, ports, health, null, null));
    }
    return new Baseline(Baseline.VERSION, new Baseline.Captured(environment, project.name(), "", "compose"),
        services, null);
  }

  private PerformanceCheck performance(ValidationSettings validation) {
    ProbeSettings probes = target.probes();
    Optional<String> configured = probes.performanceService();
    if (configured.isPresent()) {
      return routes(configured.get(), validation);
    }
    Baseline.Performance reference = baseline.performance();
    String name = reference != null ? reference.service()
        : apiService(target.project(), probes).orElse(null);
    Baseline.ServiceBaseline expected = name == null ? null : baseline.services().get(name);
    if (expected == null || !reachable(name, expected)) {
      return null;
    }
    String path = reference != null ? reference.path()
        : expected.health().isEmpty() ? null : expected.health().get(0).path();
    if (path == null) {
      return null;
    }
    return new PerformanceCheck("performance " + name + " " + path, new LoadProbe(target.http(), target.probe()),
        url(name, expected) + path, Map.of(), validation.maxResponseTime(), validation.minThroughput(),
        reference == null ? null : new PerformanceCheck.Reference(reference.p50Millis(), reference.p95Millis(),
            reference.p99Millis(), reference.throughputPerSecond()),
        validation.baselineTolerancePercent());
  }

  /**
   * The configured probe of {@code name}'s routes, compared route by route with a baseline that
   * measured the same routes (an older baseline of a single URL is no reference for a mix).
   */
  private PerformanceCheck routes(String name, ValidationSettings validation) {
    Baseline.ServiceBaseline expected = baseline.services().get(name);
    if (expected == null || !reachable(name, expected)) {
      return null;
    }
    ProbeSettings.Performance mix = target.probes().service(name).orElseThrow().performance();
    Baseline.Performance measured = baseline.performance();
    PerformanceCheck.Reference reference = null;
    if (measured != null && measured.service().equals(name) && !measured.routes().isEmpty()) {
      Map<String, PerformanceCheck.Reference> routes = new java.util.LinkedHashMap<>();
      for (Baseline.Route route : measured.routes()) {
        routes.put(route.name(), new PerformanceCheck.Reference(route.p50Millis(), route.p95Millis(),
            route.p99Millis(), route.throughputPerSecond()));
      }
      reference = new PerformanceCheck.Reference(measured.p50Millis(), measured.p95Millis(), measured.p99Millis(),
          measured.throughputPerSecond(), routes);
    }
    return new PerformanceCheck("performance " + name, new LoadProbe(target.http(), target.probe()),
        url(name, expected), mix, target.probes().headers(name, target.variables()), validation.maxResponseTime(),
        validation.minThroughput(), reference, validation.baselineTolerancePercent());
  }

  private Optional<ProbeSettings.Health> configuredHealth(String service) {
    ComposeService compose = target.project().services().get(service);
    return compose == null ? Optional.empty() : target.probes().health(compose);
  }

  private SecurityChecks.Target security() {
    ProbeSettings probes = target.probes();
    Optional<String> api = probes.protectedServices().stream().findFirst();
    String apiUrl = api.flatMap(name -> Optional.ofNullable(baseline.services().get(name)))
        .filter(s -> reachable(api.get(), s)).map(s -> url(api.get(), s)).orElse(null);
    Set<String> healthUrls = new LinkedHashSet<>();
    baseline.services().forEach((name, service) -> {
      if (!reachable(name, service)) {
        return;
      }
      String base = url(name, service);
      for (Baseline.Health health : service.health()) {
        healthUrls.add(base + health.path());
      }
      configuredHealth(name).map(ProbeSettings.Health::components).ifPresent(path -> healthUrls.add(base + path));
    });
    return new SecurityChecks.Target(services, target.http(), apiUrl,
        api.flatMap(probes::service).map(ProbeSettings.Service::protectedPath).orElse(null), List.copyOf(healthUrls),
        target.defaultSecrets(), publicServices(target.project(), probes), target.pinnedImageIds());
  }

  /**
   * The baseline's ports with the host port replaced by the environment's configured one, where it
   * has one; none for a service the environment does not publish.
   */
  List<PublishedPort> expectedPorts(String service, Baseline.ServiceBaseline baselined) {
    if (!target.publishing().publishes(service)) {
      return List.of();
    }
    Integer configured = baselined.ports().size() == 1 ? target.configuredPorts().get(service) : null;
    return baselined.ports().stream().map(p -> new PublishedPort(p.hostIp(),
        configured != null ? configured : p.published(), p.container(), p.protocol())).toList();
  }

  /** Whether the service answers on a host port in this environment. */
  private boolean reachable(String service, Baseline.ServiceBaseline baselined) {
    return target.containers().publishes().test(service) && !expectedPorts(service, baselined).isEmpty();
  }

  /** Where a client reaches the service: its first port, or where the stack says it is reached instead. */
  private String url(String service, Baseline.ServiceBaseline baselined) {
    PublishedPort port = expectedPorts(service, baselined).get(0);
    return target.containers().reach().apply(service).orElseGet(() -> endpoint(port)).url();
  }

  private ServiceEndpoint endpoint(PublishedPort port) {
    return ServiceEndpoint.published(target.host(), port.hostIp(), port.hostPort());
  }

  /** One slow answer on a busy machine is noise; a slow release is slow on every attempt. */
  private static Check retrying(Check check) {
    return new RetryingCheck(check, HEALTH_ATTEMPTS, Duration.ofMillis(500));
  }

  private Optional<ContainerInfo> running(String service) {
    return StackInspector.running(target.engine(), target.containers(), service);
  }

  private Optional<ServiceContainer> serviceContainer(String service) {
    return services.get().stream().filter(s -> s.service().equals(service)).findFirst();
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
