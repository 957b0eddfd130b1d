package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.config.ProxySettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.HaproxyRuntime;
import dev.deployer.infrastructure.proxy.HaproxyRuntimeException;
import dev.deployer.infrastructure.proxy.Route;
import dev.deployer.infrastructure.proxy.ServerStats;
import dev.deployer.pipeline.ContainerChanges;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.ServiceLifecycle;
import dev.deployer.pipeline.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves the routed services' traffic to the colors this run started, through the edge's runtime
 * API (no reload, no dropped connection). A deploy moves it in the environment's rollout steps and
 * judges each step from the edge's counters ({@link RolloutAnalysis}); a breach puts all traffic
 * back on the old color at once and fails the run. A rollback switches at once: the release it
 * goes back to was verified already. Afterwards the old color of a deploy stays warm (the services
 * in {@code stop_previous} quieted or stopped after the drain); after a rollback, the colors it
 * moved away from take no work and are removed once the rollback is verified.
 */
final class SwitchTrafficStep implements Step {

  private final Edge edge;
  private final Colors colors;

  SwitchTrafficStep(Edge edge, Colors colors) {
    this.edge = edge;
    this.colors = colors;
  }

  @Override
  public String name() {
    return "switch traffic";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    HaproxyRuntime runtime = edge.runtime(engine).orElseThrow(() -> new PipelineException(
        PipelineException.Kind.DEPLOY_FAILED, "the edge " + edge.containerName() + " is not running"));
    Map<String, Color> moving = new LinkedHashMap<>();
    Map<String, Color> from = new LinkedHashMap<>();
    colors.candidates().forEach((service, color) -> {
      Optional<Color> serving = edge.serving(engine, service);
      if (serving.isPresent() && serving.get() == color) {
        context.events().progress(name(), service + ": " + color + " serves already");
      } else {
        moving.put(service, color);
        serving.ifPresent(old -> from.put(service, old));
      }
    });
    try {
      move(context, runtime, moving, from);
    } catch (HaproxyRuntimeException e) {
      throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "the edge refused a traffic change: "
          + e.getMessage(), e);
    } finally {
      edge.persist(engine, runtime).ifPresent(problem -> context.events().warning(name(),
          "the edge's traffic state was not saved (a restarted edge would not know who serves): " + problem));
    }
    retire(context, engine, from);
  }

  private void move(DeployContext context, HaproxyRuntime runtime, Map<String, Color> moving, Map<String, Color> from)
      throws PipelineException {
    if (moving.isEmpty()) {
      return;
    }
    ProxySettings settings = edge.settings();
    List<Integer> steps = colors.rollingBack() || from.isEmpty() ? List.of(Edge.FULL) : settings.rollout();
    if (steps.equals(List.of(Edge.FULL))) {
      switchEachWhenUp(context, runtime, moving);
      return;
    }
    for (Map.Entry<String, Color> entry : moving.entrySet()) {
      // A color the edge does not see up yet would get requests it cannot answer.
      edge.awaitUp(runtime, entry.getKey(), entry.getValue(), context.waitTimeout());
    }
    for (int percent : steps) {
      Map<String, List<ServerStats>> before = snapshot(runtime, from.keySet());
      moving.forEach((service, color) -> edge.shift(runtime, service, color, percent));
      context.events().progress(name(), percent + " % of the traffic of " + String.join(", ", moving.keySet())
          + " on " + moving.values().stream().distinct().toList() + (percent < Edge.FULL
          ? "; watching the edge's counters for " + settings.pause().toSeconds() + " s" : ""));
      if (percent == Edge.FULL) {
        break;
      }
      ColorRollout.sleep(settings.pause());
      Map<String, List<ServerStats>> after = snapshot(runtime, from.keySet());
      List<String> breaches = new ArrayList<>();
      for (Map.Entry<String, Color> entry : from.entrySet()) {
        String service = entry.getKey();
        RolloutAnalysis.Window candidate = window(before, after, service, moving.get(service));
        RolloutAnalysis.Window previous = window(before, after, service, entry.getValue());
        context.events().progress(name(), service + " over the step: new " + candidate.responses() + " answers, "
            + candidate.errors() + " failed, " + candidate.responseTimeMs() + " ms avg; old " + previous.responses()
            + " answers, " + previous.errors() + " failed, " + previous.responseTimeMs() + " ms avg");
        RolloutAnalysis.judge(service, candidate, previous, settings.analysis()).ifPresent(breaches::add);
      }
      if (!breaches.isEmpty()) {
        from.forEach((service, old) -> edge.shift(runtime, service, old, Edge.FULL));
        throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, "rollout stopped at " + percent
            + " %: " + String.join("; ", breaches) + "; all traffic is back on the old release",
            List.of(), List.of("the new release's containers take no traffic; the rollback removes them"), null);
      }
    }
  }

  /**
   * Switches each service at once as soon as the edge sees its new color up: a rollback's warm api
   * serves again while a service that had to start (a worker stopped, for want of a quiet signal,
   * after the last deploy) is still starting.
   */
  private void switchEachWhenUp(DeployContext context, HaproxyRuntime runtime, Map<String, Color> moving)
      throws PipelineException {
    Map<String, Color> pending = new LinkedHashMap<>(moving);
    long deadline = System.nanoTime() + context.waitTimeout().toNanos();
    while (!pending.isEmpty()) {
      List<ServerStats> stats = runtime.stats();
      for (var entry : List.copyOf(pending.entrySet())) {
        if (edge.isUp(stats, entry.getKey(), entry.getValue())) {
          edge.shift(runtime, entry.getKey(), entry.getValue(), Edge.FULL);
          pending.remove(entry.getKey());
          context.events().progress(name(), "all traffic of " + entry.getKey() + " on " + entry.getValue());
        }
      }
      if (!pending.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, "the edge does not see "
              + pending + " up after " + context.waitTimeout().toSeconds() + " s; their traffic stays where it was");
        }
        ColorRollout.sleep(java.time.Duration.ofMillis(100));
      }
    }
  }

  /**
   * What becomes of the colors that served before. A deploy keeps them warm for a rollback; the
   * services that work unasked (stop_previous) are quieted, or stopped where they have no quiet
   * signal, once the drain is over. A rollback stops the work of the colors it moved away from at
   * once; {@link RemoveRolledBackStep} removes them after the release is verified.
   */
  private void retire(DeployContext context, ContainerEngine engine, Map<String, Color> from) {
    ProxySettings settings = edge.settings();
    if (colors.rollingBack()) {
      colors.candidates().forEach((service, color) -> {
        if (settings.stopPrevious().contains(service)) {
          engine.container(edge.colorContainerName(service, color.other()))
              .ifPresent(container -> standDown(context, service, container, "the release rolled back from"));
        }
      });
      return;
    }
    List<String> stopping = from.keySet().stream().filter(settings.stopPrevious()::contains).toList();
    if (!stopping.isEmpty()) {
      ColorRollout.sleep(settings.drain());
    }
    from.forEach((service, old) -> engine.container(edge.colorContainerName(service, old)).ifPresent(container -> {
      String kept = " for " + settings.keepPrevious().toMinutes() + " min, for a rollback";
      if (stopping.contains(service)) {
        standDown(context, service, container, old + ", kept" + kept);
      } else {
        context.events().progress(name(), service + ": " + old + " stays warm, out of traffic," + kept
            + ": a rollback is a switch back");
      }
    }));
  }

  /**
   * Makes a service that works unasked stop working: its quiet signal where it has one (restart
   * policy off, see {@link ServiceLifecycle#quiet}), else a graceful stop after its pre_stop hooks,
   * its restart policy off too, so an engine restart does not bring the old release back to work
   * (a policy of {@code always} restarts a stopped container then). The signal runs no hook: the
   * container is not stopped.
   */
  private void standDown(DeployContext context, String service, ContainerInfo container, String which) {
    ProxySettings.Quiet quiet = edge.settings().quiet();
    if (quiet.enabled() && ServiceLifecycle.quiet(context, container, quiet.signal())) {
      context.events().progress(name(), service + ": " + container.name() + " (" + which + ") sent " + quiet.signal()
          + ": it finishes what it holds and takes no new work, warm; no restart policy while quiet");
    } else {
      context.engine().setRestartPolicy(container.id(), null);
      ServiceLifecycle.stop(context, container, ContainerChanges.STOP_TIMEOUT);
      context.events().progress(name(), service + ": " + container.name() + " (" + which + ") stopped, no restart"
          + " policy while out of traffic");
    }
  }

  private Map<String, List<ServerStats>> snapshot(HaproxyRuntime runtime, Iterable<String> services) {
    List<ServerStats> all = runtime.stats();
    Map<String, List<ServerStats>> result = new LinkedHashMap<>();
    for (String service : services) {
      List<Route> routes = edge.routesOf(service);
      if (!routes.isEmpty()) {
        String backend = routes.get(0).backend();
        result.put(service, all.stream().filter(s -> s.backend().equals(backend)).toList());
      }
    }
    return result;
  }

  private static RolloutAnalysis.Window window(Map<String, List<ServerStats>> before,
      Map<String, List<ServerStats>> after, String service, Color color) {
    Optional<ServerStats> start = server(before, service, color);
    Optional<ServerStats> end = server(after, service, color);
    if (start.isEmpty() || end.isEmpty()) {
      return new RolloutAnalysis.Window(0, 0, 0);
    }
    return RolloutAnalysis.Window.between(start.get(), end.get());
  }

  private static Optional<ServerStats> server(Map<String, List<ServerStats>> stats, String service, Color color) {
    return stats.getOrDefault(service, List.of()).stream().filter(s -> s.server().equals(color.id())).findFirst();
  }
}
