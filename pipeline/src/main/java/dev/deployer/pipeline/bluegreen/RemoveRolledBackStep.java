package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.pipeline.ContainerChanges;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.ServiceLifecycle;
import dev.deployer.pipeline.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The last step of a rollback: removes the colors it moved the traffic away from, once the release
 * it went back to is verified. Their work stopped at the switch; removing them earlier would only
 * load the machine while the rollback's checks measure it. Side by side: each JVM's graceful stop
 * takes seconds.
 */
final class RemoveRolledBackStep implements Step {

  private final Edge edge;
  private final Colors colors;

  RemoveRolledBackStep(Edge edge, Colors colors) {
    this.edge = edge;
    this.colors = colors;
  }

  @Override
  public String name() {
    return "remove rolled-back release";
  }

  @Override
  public void run(DeployContext context) {
    ContainerEngine engine = context.engine();
    List<CompletableFuture<Void>> removals = new ArrayList<>();
    colors.candidates().forEach((service, color) -> engine.container(edge.colorContainerName(service, color.other()))
        .ifPresent(container -> removals.add(CompletableFuture.runAsync(() -> {
          ServiceLifecycle.remove(context, container, ContainerChanges.STOP_TIMEOUT);
          context.events().progress(name(), service + ": " + container.name() + " (release "
              + container.label(ComposeLabels.RELEASE) + ") removed");
        }))));
    for (CompletableFuture<Void> removal : removals) {
      try {
        removal.join();
      } catch (java.util.concurrent.CompletionException e) {
        // An engine failure or a failing pre_stop hook reaches the pipeline as itself.
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    if (removals.isEmpty()) {
      context.events().progress(name(), "nothing to remove");
    }
  }
}
