package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.config.ProxySettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeConfig;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.proxy.HaproxyRuntime;
import dev.deployer.infrastructure.proxy.HaproxyRuntimeException;
import dev.deployer.infrastructure.proxy.Route;
import dev.deployer.infrastructure.proxy.ServerStats;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import dev.deployer.pipeline.LoadedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The stack's HAProxy edge as the blue/green target sees it: the routes it owns (every published
 * TCP port of the routed services), its container, and who takes the traffic, read from and set
 * through its runtime API. The weights it holds are the one record of which color serves.
 */
final class Edge {

  /** Both colors' weights are shares of this: 100 is all of the traffic. */
  static final int FULL = 100;

  private final ComposeProject project;
  private final ProxySettings settings;
  private final EdgeConfig config;

  Edge(ComposeProject project, ProxySettings settings) {
    this.project = project;
    this.settings = settings;
    this.config = new EdgeConfig(project.name(), routes(project, settings));
  }

  /** Every published TCP port of the routed services; the health path goes with each service's first port. */
  static List<Route> routes(ComposeProject project, ProxySettings settings) {
    List<Route> routes = new ArrayList<>();
    for (String name : settings.services()) {
      ComposeService service = project.services().get(name);
      if (service == null) {
        continue;
      }
      for (PortMapping port : service.ports()) {
        if (port.publishedPort() > 0 && "tcp".equals(port.protocol())) {
          String path = port.equals(service.ports().get(0)) ? service.labels().get(LoadedStack.HEALTH_PATH) : null;
          routes.add(new Route(name, port.hostIp(), port.publishedPort(), port.target(), path));
        }
      }
    }
    return routes;
  }

  EdgeConfig config() {
    return config;
  }

  ProxySettings settings() {
    return settings;
  }

  /** Whether {@code service} runs as two colors behind the edge. */
  boolean routes(String service) {
    return settings.routes(service) && project.services().containsKey(service);
  }

  List<Route> routesOf(String service) {
    return config.routes().stream().filter(route -> route.service().equals(service)).toList();
  }

  String containerName() {
    return EdgeContainer.containerName(project.name());
  }

  /** The edge's wanted container. */
  ContainerSpec spec() {
    return EdgeContainer.spec(config, settings.image(), EdgeContainer.networks(project, config.routes()));
  }

  Optional<ContainerInfo> container(ContainerEngine engine) {
    return engine.container(containerName()).filter(ContainerInfo::running);
  }

  Optional<HaproxyRuntime> runtime(ContainerEngine engine) {
    return container(engine).map(EdgeContainer::runtime);
  }

  /**
   * The color that takes {@code service}'s traffic: the one with the larger weight on its first
   * route; empty when neither has any (a new stack) or there is no edge.
   */
  Optional<Color> serving(ContainerEngine engine, String service) {
    List<Route> routes = routesOf(service);
    if (routes.isEmpty()) {
      return Optional.empty();
    }
    try {
      Optional<HaproxyRuntime> runtime = runtime(engine);
      if (runtime.isEmpty()) {
        return Optional.empty();
      }
      String backend = routes.get(0).backend();
      return runtime.get().stats().stream()
          .filter(s -> s.backend().equals(backend) && s.weight() > 0 && !s.status().startsWith("MAINT"))
          .max(Comparator.comparingInt(ServerStats::weight))
          .flatMap(s -> Color.parse(s.server()));
    } catch (HaproxyRuntimeException e) {
      return Optional.empty();
    }
  }

  /** Sends {@code service}'s preview traffic to {@code color} only. */
  void preview(HaproxyRuntime runtime, String service, Color color) {
    for (Route route : routesOf(service)) {
      runtime.setWeight(route.previewBackend(), color.id(), FULL);
      runtime.setWeight(route.previewBackend(), color.other().id(), 0);
    }
  }

  /** Gives {@code color} {@code percent} of {@code service}'s traffic and the other color the rest. */
  void shift(HaproxyRuntime runtime, String service, Color color, int percent) {
    for (Route route : routesOf(service)) {
      // The new share first: for a moment both serve, never neither.
      runtime.setWeight(route.backend(), color.id(), percent);
      runtime.setWeight(route.backend(), color.other().id(), FULL - percent);
    }
  }

  /** Waits until the edge's health check sees {@code color} of {@code service} up on every route. */
  void awaitUp(HaproxyRuntime runtime, String service, Color color, Duration timeout) {
    for (Route route : routesOf(service)) {
      runtime.awaitStatus(route.backend(), color.id(), "UP", timeout);
    }
  }

  /** Whether the edge's checks see {@code color} of {@code service} up on every route, in {@code stats}. */
  boolean isUp(List<ServerStats> stats, String service, Color color) {
    for (Route route : routesOf(service)) {
      boolean up = stats.stream().anyMatch(s -> s.backend().equals(route.backend()) && s.server().equals(color.id())
          && s.status().equals("UP"));
      if (!up) {
        return false;
      }
    }
    return true;
  }

  /** Where a client reaches {@code service}'s preview port (its first route's), on this host. */
  Optional<ServiceEndpoint> previewEndpoint(ContainerEngine engine, String service) {
    List<Route> routes = routesOf(service);
    if (routes.isEmpty()) {
      return Optional.empty();
    }
    return container(engine).flatMap(edge -> {
      OptionalInt port = EdgeContainer.hostPort(edge, config.previewPort(routes.get(0)));
      return port.isPresent() ? Optional.of(new ServiceEndpoint("127.0.0.1", port.getAsInt()))
          : Optional.empty();
    });
  }

  /**
   * Writes the edge's servers state into its container, where a restarted edge reads it back: a
   * restart must not forget which color serves. Best effort: a failure is returned, not thrown.
   */
  Optional<String> persist(ContainerEngine engine, HaproxyRuntime runtime) {
    Optional<ContainerInfo> container = container(engine);
    if (container.isEmpty()) {
      return Optional.of("the edge is not running");
    }
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("edge-state", ".txt");
      try {
        java.nio.file.Files.writeString(file, runtime.serversState());
        ContainerEngine.ExecResult result = engine.execWithInput(container.get().id(),
            List.of("sh", "-c", "cat > " + EdgeConfig.STATE_FILE), file, Duration.ofSeconds(10));
        return result.exitCode() == 0 ? Optional.empty() : Optional.of("writing the state exited " + result.exitCode()
            + ": " + result.stderr().strip());
      } finally {
        java.nio.file.Files.deleteIfExists(file);
      }
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** {@code <project>-<service>-<color>}. */
  String colorContainerName(String service, Color color) {
    return EdgeContainer.colorContainerName(project.name(), service, color);
  }
}
