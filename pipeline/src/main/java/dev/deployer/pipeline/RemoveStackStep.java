package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops and removes the stack's containers (dependents first, each after its service's pre_stop hooks), those kept for a rollback and its
 * networks; volumes only when asked.
 */
public final class RemoveStackStep implements Step {

  private final boolean removeVolumes;

  public RemoveStackStep(boolean removeVolumes) {
    this.removeVolumes = removeVolumes;
  }

  @Override
  public String name() {
    return "remove stack";
  }

  @Override
  public void run(DeployContext context) {
    ContainerEngine engine = context.engine();
    String project = context.project().name();
    List<List<ComposeService>> layers = new ArrayList<>(context.project().startLayers());
    java.util.Collections.reverse(layers);
    for (List<ComposeService> layer : layers) {
      for (ComposeService service : layer) {
        for (ContainerInfo container : engine.containers(ComposeLabels.service(project, service.name()))) {
          ServiceLifecycle.remove(context, container, ContainerChanges.STOP_TIMEOUT);
          context.events().progress(name(), "container " + container.name() + " removed");
        }
      }
    }
    // Containers of services no longer in the file, or of other profiles, belong to the stack too.
    for (ContainerInfo container : engine.containers(ComposeLabels.project(project))) {
      ServiceLifecycle.remove(context, container, ContainerChanges.STOP_TIMEOUT);
      context.events().progress(name(), "container " + container.name() + " removed");
    }
    // Containers kept for a rollback hold the networks and volumes too; they go with the stack.
    for (ContainerInfo container : engine.keptContainers(ComposeLabels.project(project))) {
      engine.removeContainer(container.id());
      context.events().progress(name(), "kept container " + container.name() + " removed");
    }
    for (String network : engine.networks(ComposeLabels.project(project))) {
      engine.removeNetwork(network);
      context.events().progress(name(), "network " + network + " removed");
    }
    if (removeVolumes) {
      for (String volume : engine.volumes(ComposeLabels.project(project))) {
        engine.removeVolume(volume);
        context.events().progress(name(), "volume " + volume + " removed");
      }
    }
  }
}
