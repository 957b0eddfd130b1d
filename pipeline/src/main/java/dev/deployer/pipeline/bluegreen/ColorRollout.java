package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.proxy.HaproxyRuntime;
import dev.deployer.infrastructure.proxy.HaproxyRuntimeException;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.pipeline.ContainerChanges;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.ServiceLifecycle;
import dev.deployer.pipeline.ServiceRollout;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a routed service's wanted release beside the one that serves: in the idle color, or in
 * whichever color already runs it (a no-change redeploy, a rollback inside the warm window), and
 * points the edge's preview port at it. Before any service starts, makes sure the edge runs.
 */
final class ColorRollout implements ServiceRollout {

  private static final String STEP = "start services";
  private static final Duration EDGE_START = Duration.ofSeconds(20);

  private final Edge edge;
  private final Colors colors;

  ColorRollout(Edge edge, Colors colors) {
    this.edge = edge;
    this.colors = colors;
  }

  @Override
  public boolean handles(ComposeService service) {
    return edge.routes(service.name());
  }

  /**
   * The edge, as the wanted config makes it: reloaded in place when only its configuration's text
   * changes ({@link EdgeReload}), replaced otherwise or when the reload fails. A reloaded or new
   * edge gets all of each service's traffic on the color the old one served it from (the larger
   * weight, as {@link Edge#serving} reads it).
   */
  @Override
  public void prepare(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    ContainerSpec wanted = edge.spec();
    Optional<ContainerInfo> existing = engine.container(edge.containerName());
    EdgeReload.Change change = EdgeReload.Change.REPLACE;
    if (existing.isPresent() && EdgeReload.sameContainer(wanted, existing.get())) {
      if (!existing.get().running()) {
        engine.startContainer(existing.get().id());
        awaitRuntime(engine);
        context.events().progress(STEP, "edge started");
      }
      change = EdgeReload.change(engine, wanted, existing.get());
    }
    if (change == EdgeReload.Change.NONE) {
      return;
    }
    Map<String, Color> serving = new HashMap<>();
    for (String service : edge.settings().services()) {
      edge.serving(engine, service).ifPresent(color -> serving.put(service, color));
    }
    if (change == EdgeReload.Change.RELOAD) {
      Optional<String> problem = EdgeReload.reload(engine, edge, existing.get().id(), awaitRuntime(engine), serving);
      if (problem.isEmpty()) {
        context.events().progress(STEP, "edge reloaded with its new configuration, in place (same container, "
            + "ports kept open)" + (serving.isEmpty() ? "" : "; traffic kept on " + serving));
        return;
      }
      context.events().warning(STEP, "the edge could not reload its new configuration in place (" + problem.get()
          + "): it is replaced, which drops the connections open at that moment");
    }
    if (existing.isPresent()) {
      engine.stopContainer(existing.get().id(), ContainerChanges.STOP_TIMEOUT);
      engine.removeContainer(existing.get().id());
    }
    removeUncolored(context, engine);
    engine.startContainer(engine.createContainer(wanted));
    HaproxyRuntime runtime = awaitRuntime(engine);
    serving.forEach((service, color) -> edge.shift(runtime, service, color, Edge.FULL));
    edge.persist(engine, runtime).ifPresent(problem -> context.events().warning(STEP,
        "the edge's traffic state was not saved: " + problem));
    context.events().progress(STEP, (existing.isPresent() ? "edge recreated with its new configuration"
        : "edge created") + ": it holds ports " + edge.config().routes().stream().map(r -> r.publishedPort()).toList()
        + (serving.isEmpty() ? "" : "; traffic kept on " + serving));
  }

  /**
   * Containers of a routed service that the compose path made (no color): they hold the host
   * ports the edge takes over. Moving a stack onto the edge is the one deploy that stops them
   * before their successor is ready.
   */
  private void removeUncolored(DeployContext context, ContainerEngine engine) {
    for (String service : edge.settings().services()) {
      Map<String, String> labels = ComposeLabels.service(context.project().name(), service);
      List<ContainerInfo> uncolored = new java.util.ArrayList<>(engine.keptContainers(labels));
      engine.containers(labels).stream().filter(c -> c.label(EdgeContainer.COLOR_LABEL) == null).forEach(uncolored::add);
      for (ContainerInfo container : uncolored) {
        ServiceLifecycle.remove(context, container, ContainerChanges.STOP_TIMEOUT);
        context.events().warning(STEP, service + ": container " + container.name()
            + " removed: the edge takes over its ports (moving onto the edge is not zero-downtime)");
      }
    }
  }

  private HaproxyRuntime awaitRuntime(ContainerEngine engine) throws PipelineException {
    long deadline = System.nanoTime() + EDGE_START.toNanos();
    HaproxyRuntimeException last = null;
    while (System.nanoTime() < deadline) {
      Optional<HaproxyRuntime> runtime = edge.runtime(engine);
      if (runtime.isPresent()) {
        try {
          runtime.get().stats();
          return runtime.get();
        } catch (HaproxyRuntimeException e) {
          last = e;
        }
      }
      sleep(Duration.ofMillis(100));
    }
    throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "the edge " + edge.containerName()
        + " did not answer on its runtime API within " + EDGE_START.toSeconds() + " s"
        + (last == null ? "" : ": " + last.getMessage()));
  }

  @Override
  public Started start(DeployContext context, ComposeService service, ContainerSpec spec, String configHash)
      throws PipelineException {
    ContainerEngine engine = context.engine();
    String name = service.name();
    List<ContainerInfo> colored = engine.containers(ComposeLabels.service(context.project().name(), name)).stream()
        .filter(c -> c.label(EdgeContainer.COLOR_LABEL) != null).toList();
    Optional<Color> serving = edge.serving(engine, name);
    Optional<ContainerInfo> same = colored.stream()
        .filter(c -> configHash.equals(c.label(ComposeLabels.CONFIG_HASH)))
        .min(Comparator.comparing(c -> serving.map(color -> !color.id().equals(c.label(EdgeContainer.COLOR_LABEL)))
            .orElse(true)));
    Color color;
    String id;
    boolean replaced;
    if (same.isPresent()) {
      color = Color.parse(same.get().label(EdgeContainer.COLOR_LABEL)).orElseThrow();
      id = same.get().id();
      replaced = serving.map(s -> s != color).orElse(true);
      if (replaced && quieted(name)) {
        wake(context, service, spec, same.get(), color);
      } else if (!same.get().running()) {
        // Stopped when it left the traffic, its restart policy off: the service's policy comes back with it.
        engine.setRestartPolicy(id, spec.restartPolicy());
        ServiceLifecycle.start(context, service, id);
        record(context, name, "started", " (" + color + ", kept from release " + same.get().label(ComposeLabels.RELEASE)
            + ")");
      } else {
        record(context, name, replaced ? WARM : UNCHANGED, replaced ? " (" + color + " runs release "
            + same.get().label(ComposeLabels.RELEASE) + " already, out of traffic)" : " (" + color + " serves)");
        if (replaced && colors.rollingBack()) {
          switchBackNow(context, engine, name, color);
        }
      }
    } else {
      color = serving.map(Color::other).orElseGet(() -> idle(colored));
      String containerName = edge.colorContainerName(name, color);
      Optional<ContainerInfo> occupant = engine.container(containerName);
      if (occupant.isPresent()) {
        ServiceLifecycle.remove(context, occupant.get(), ContainerChanges.STOP_TIMEOUT);
      }
      id = engine.createContainer(spec.renamed(containerName, Map.of(EdgeContainer.COLOR_LABEL, color.id()), List.of()));
      ServiceLifecycle.start(context, service, id);
      replaced = true;
      record(context, name, "created", " (" + color + (serving.isPresent() ? ", beside " + serving.get()
          + " which keeps the traffic" : "") + ")");
    }
    colors.candidate(name, color);
    edge.runtime(engine).ifPresent(runtime -> edge.preview(runtime, name, color));
    return new Started(id, replaced);
  }

  /**
   * A color of a service that works unasked was quieted (or stopped) when it left the traffic,
   * its restart policy off: it takes work again now, as a new color would once ready, with its
   * service's policy back; started if it died while quiet.
   */
  private void wake(DeployContext context, ComposeService service, ContainerSpec spec, ContainerInfo container,
      Color color) {
    String name = service.name();
    String release = container.label(ComposeLabels.RELEASE);
    if (ServiceLifecycle.resume(context, service, container, spec.restartPolicy(), edge.settings().quiet().resume())) {
      record(context, name, "started", " (" + color + ", kept from release " + release + (container.running() ? ""
          : "; it had stopped while quiet") + ")");
      return;
    }
    record(context, name, WARM, " (" + color + " runs release " + release + " already, out of traffic)");
    context.events().progress(STEP, name + ": " + container.name() + " sent " + edge.settings().quiet().resume()
        + ": it takes work again");
    if (colors.rollingBack()) {
      switchBackNow(context, context.engine(), name, color);
    }
  }

  private boolean quieted(String service) {
    return edge.settings().quiet().enabled() && edge.settings().stopPrevious().contains(service);
  }

  /**
   * A rollback's warm color takes the traffic back the moment its service is reached, while other
   * services still start; the switch step then finds it serving. Only when the edge sees it up.
   */
  private void switchBackNow(DeployContext context, ContainerEngine engine, String service, Color color) {
    edge.runtime(engine).ifPresent(runtime -> {
      try {
        if (edge.isUp(runtime.stats(), service, color)) {
          edge.shift(runtime, service, color, Edge.FULL);
          context.events().progress(STEP, "all traffic of " + service + " back on " + color + " (warm)");
        }
      } catch (HaproxyRuntimeException e) {
        context.events().warning(STEP, service + ": the switch waits for the switch step: " + e.getMessage());
      }
    });
  }

  /** With nothing serving: a color no container has, blue first. */
  private static Color idle(List<ContainerInfo> colored) {
    boolean blueTaken = colored.stream().anyMatch(c -> Color.BLUE.id().equals(c.label(EdgeContainer.COLOR_LABEL)));
    return blueTaken ? Color.GREEN : Color.BLUE;
  }

  private static void record(DeployContext context, String service, String action, String detail) {
    context.serviceActions().put(service, action);
    context.events().progress(STEP, service + " " + action + detail);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
