package dev.deployer.infrastructure.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.check.LoadProbe;
import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.config.ProbeSettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import dev.deployer.infrastructure.engine.ContainerStats;
import dev.deployer.infrastructure.engine.ImageConfig;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import dev.deployer.infrastructure.stack.StackContainers;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Records a running, healthy stack as a {@link Baseline}: inspects every service's container and
 * image, asks every health endpoint (which must answer as its probes expect), samples resources, and
 * runs the configured performance probe (without one, a probe of the public service's health path).
 * Resources are sampled before the probe, so its load does not show.
 */
public final class BaselineCapture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContainerEngine engine;
  private final OkHttpClient http;
  private final LoadProbe.Settings probe;
  private final ProbeSettings probes;
  private final Map<String, String> variables;

  /** {@code variables} are the environment's config variables, where the probes' credentials come from. */
  public BaselineCapture(ContainerEngine engine, OkHttpClient http, LoadProbe.Settings probe, ProbeSettings probes,
      Map<String, String> variables) {
    this.engine = engine;
    this.http = http;
    this.probe = probe;
    this.probes = probes;
    this.variables = Map.copyOf(variables);
  }

  /**
   * Captures {@code project} as deployed for {@code environment}; {@code host} is where published
   * ports answer; {@code containers} which containers are the stack's (of a blue/green service,
   * the serving color's) and whether they publish their ports themselves.
   */
  public Baseline capture(String environment, ComposeProject project, String host, StackContainers containers) {
    List<ServiceContainer> running = StackInspector.inspect(engine, project, containers);
    List<String> missing = project.services().keySet().stream()
        .filter(name -> running.stream().noneMatch(s -> s.service().equals(name))).toList();
    if (!missing.isEmpty()) {
      throw new BaselineException("cannot capture " + project.name() + ": no running container for " + missing);
    }
    Map<String, Baseline.ServiceBaseline> services = new LinkedHashMap<>();
    for (ServiceContainer service : running) {
      services.put(service.service(), service(service, project.service(service.service()), host,
          containers.containersPublish().test(service.service())));
    }
    String release = running.stream().map(s -> s.container().label(ComposeLabels.RELEASE))
        .filter(r -> r != null).findFirst().orElse("unknown");
    Baseline.Performance performance = performance(project, services, host);
    return new Baseline(Baseline.VERSION, new Baseline.Captured(environment, project.name(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), release), services, performance);
  }

  private Baseline.ServiceBaseline service(ServiceContainer service, ComposeService compose, String host,
      boolean containerPublishes) {
    ImageConfig image = service.image();
    Baseline.ImageBaseline imageBaseline = image == null ? null : new Baseline.ImageBaseline(
        service.container().image(), image.id(), image.user(), image.entrypoint(), image.exposedPorts());
    List<Baseline.Port> ports = new ArrayList<>();
    for (PublishedPort port : service.container().ports()) {
      if (containerPublishes && port.hostPort() > 0) {
        ports.add(new Baseline.Port(port.containerPort(), port.protocol().toLowerCase(),
            port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp(), port.hostPort()));
      }
    }
    if (!containerPublishes) {
      // Something in front of the containers (an edge proxy) publishes the file's ports for them.
      compose.ports().stream().filter(p -> p.publishedPort() > 0).forEach(p -> ports.add(new Baseline.Port(
          p.target(), p.protocol(), p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp(), p.publishedPort())));
    }
    List<Baseline.Health> health = new ArrayList<>();
    Optional<ProbeSettings.Health> endpoint = probes.health(compose);
    if (endpoint.isPresent() && !ports.isEmpty()) {
      health.add(health(address(host, ports.get(0)) + endpoint.get().path(), endpoint.get()));
    }
    ContainerSettings settings = service.settings();
    Optional<ContainerStats> stats = engine.stats(service.container().id());
    Baseline.Resources resources = stats.map(s -> new Baseline.Resources(s.cpuPercent(), s.memoryBytes() >> 20))
        .orElse(null);
    boolean socket = settings.mounts().stream().anyMatch(m -> m.source() != null && m.source().endsWith("docker.sock"));
    Baseline.Security security = new Baseline.Security(service.effectiveUser(), service.runsAsRoot(),
        settings.privileged(), socket, settings.nanoCpus() / 1e9, settings.memoryBytes() >> 20);
    return new Baseline.ServiceBaseline(imageBaseline, settings.healthcheck(), ports, health, resources, security);
  }

  private Baseline.Health health(String url, ProbeSettings.Health endpoint) {
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      String text = response.body().string();
      JsonNode body = json(text);
      List<String> components = new ArrayList<>();
      Iterator<String> names = body.path("components").fieldNames();
      names.forEachRemaining(components::add);
      components.sort(null);
      String status = body.path("status").asText("");
      ProbeSettings.Expect expect = endpoint.expect();
      boolean fields = expect.json().entrySet().stream()
          .allMatch(field -> field.getValue().equals(body.path(field.getKey()).asText(null)));
      boolean contains = expect.contains() == null || text.contains(expect.contains());
      if (response.code() != expect.status() || !fields || !contains) {
        throw new BaselineException("cannot capture: " + url + " answered " + response.code() + " "
            + (status.isEmpty() ? abbreviate(text) : status) + ", expected " + expect.status()
            + (expect.json().isEmpty() ? "" : " with " + expect.json())
            + (expect.contains() == null ? "" : " containing '" + expect.contains() + "'")
            + "; only a healthy stack makes a baseline");
      }
      return new Baseline.Health(endpoint.path(), response.code(), status, components);
    } catch (IOException e) {
      throw new BaselineException("cannot capture health " + url + ": " + e.getMessage(), e);
    }
  }

  private Baseline.Performance performance(ComposeProject project, Map<String, Baseline.ServiceBaseline> services,
      String host) {
    Optional<String> target = BaselineComparison.apiService(project, probes);
    if (target.isEmpty()) {
      return null;
    }
    Baseline.ServiceBaseline service = services.get(target.get());
    ProbeSettings.Performance mix = probes.service(target.get()).map(ProbeSettings.Service::performance).orElse(null);
    if (service == null || service.ports().isEmpty() || (mix == null && service.health().isEmpty())) {
      return null;
    }
    String base = address(host, service.ports().get(0));
    String path = mix == null ? service.health().get(0).path() : "/";
    LoadProbe.Result result;
    try {
      LoadProbe load = new LoadProbe(http, probe);
      result = mix == null ? load.run(base + path, Map.of())
          : load.run(base, mix, probes.headers(target.get(), variables));
    } catch (IllegalArgumentException e) {
      return null; // not on loopback: no load is sent to a remote host
    }
    if (!result.leftovers().isEmpty()) {
      throw new BaselineException("the load probe could not delete what it created: " + result.leftovers());
    }
    List<Baseline.Route> routes = mix == null ? List.of() : result.routes().stream()
        .map(r -> new Baseline.Route(r.name(), r.method(), r.path(), r.requests(), r.errors(), r.p50Millis(),
            r.p95Millis(), r.p99Millis(), r.throughputPerSecond())).toList();
    return new Baseline.Performance(target.get(), path, probe.concurrency(), result.requests(), result.errors(),
        result.p50Millis(), result.p95Millis(), result.p99Millis(), result.throughputPerSecond(),
        mix == null ? 0 : mix.rate(), routes);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.missingNode(); // a plain-text health answer: only status and text are compared
    }
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() > 100 ? flat.substring(0, 100) + "..." : flat;
  }

  /** Where a client reaches the captured port (see {@link ServiceEndpoint#published}). */
  static String address(String host, Baseline.Port port) {
    return ServiceEndpoint.published(host, port.hostIp(), port.published()).url();
  }
}
