package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.pipeline.ContainerChanges;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.ServiceLifecycle;
import dev.deployer.rollback.ReleaseLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How long the color that no longer serves is kept for a rollback: {@code proxy.keep_previous}
 * from the moment the release now current took over (its last status change). After that it is
 * removed, and a rollback starts the release again instead of switching to it.
 */
final class WarmWindow {

  private final Edge edge;

  WarmWindow(Edge edge) {
    this.edge = edge;
  }

  /** When the kept color goes; empty when no release is current. */
  Optional<Instant> until(DeployContext context) {
    return new ReleaseLedger(context.stateDirectory()).current()
        .map(release -> release.history().isEmpty() ? release.created()
            : release.history().get(release.history().size() - 1).at())
        .map(since -> since.plus(edge.settings().keepPrevious()));
  }

  /** The routed services' kept colors, removed when their window is over. */
  void expire(DeployContext context) {
    Optional<Instant> until = until(context);
    if (until.isEmpty() || Instant.now().isBefore(until.get())) {
      return;
    }
    ContainerEngine engine = context.engine();
    for (String service : edge.settings().services()) {
      Optional<Color> serving = edge.serving(engine, service);
      if (serving.isEmpty()) {
        continue;
      }
      engine.container(edge.colorContainerName(service, serving.get().other())).ifPresent(kept -> {
        ServiceLifecycle.remove(context, kept, ContainerChanges.STOP_TIMEOUT);
        context.events().progress("expire", service + ": " + kept.name() + " (release " + kept.label(ComposeLabels.RELEASE)
            + ") removed: it was kept for " + edge.settings().keepPrevious().toMinutes() + " min");
      });
    }
  }

  /** One line per routed service: which color serves which release, and what is kept until when. */
  List<String> describe(DeployContext context) {
    ContainerEngine engine = context.engine();
    Optional<Instant> until = until(context);
    List<String> lines = new ArrayList<>();
    for (String service : edge.settings().services()) {
      Optional<Color> serving = edge.serving(engine, service);
      if (serving.isEmpty()) {
        lines.add(service + ": no color takes traffic" + (edge.container(engine).isEmpty() ? " (no edge running)" : ""));
        continue;
      }
      StringBuilder line = new StringBuilder(service + ": " + serving.get() + " serves release "
          + release(engine, service, serving.get()));
      Optional<ContainerInfo> kept = engine.container(edge.colorContainerName(service, serving.get().other()));
      kept.ifPresent(container -> line.append("; ").append(serving.get().other())
          .append(container.running() ? " warm" + (quieted(service) ? " (quiet)" : "") : " stopped")
          .append(" with release ")
          .append(container.label(ComposeLabels.RELEASE))
          .append(until.map(time -> " until " + time).orElse("")));
      lines.add(line.toString());
    }
    return lines;
  }

  /** Whether the service's kept color was sent its quiet signal rather than stopped. */
  private boolean quieted(String service) {
    return edge.settings().quiet().enabled() && edge.settings().stopPrevious().contains(service);
  }

  private String release(ContainerEngine engine, String service, Color color) {
    return engine.container(edge.colorContainerName(service, color)).map(c -> c.label(ComposeLabels.RELEASE))
        .orElse("(no container)");
  }
}
