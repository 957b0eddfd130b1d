package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code down} on the swarm target, like {@code docker stack rm}: the stack's services, then, once
 * their task containers are gone, its networks, secrets and configs, and with {@code --volumes}
 * its volumes.
 */
public final class SwarmRemoveStep implements Step {

  private static final Duration CONTAINERS_GONE = Duration.ofSeconds(90);

  private final boolean removeVolumes;
  private final Function<DeploymentConfig.DockerSettings, SwarmEngine> engines;

  public SwarmRemoveStep(boolean removeVolumes) {
    this(removeVolumes, SwarmTarget.ENGINES);
  }

  public SwarmRemoveStep(boolean removeVolumes, Function<DeploymentConfig.DockerSettings, SwarmEngine> engines) {
    this.removeVolumes = removeVolumes;
    this.engines = engines;
  }

  @Override
  public String name() {
    return "remove stack";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    String stack = context.project().name();
    Map<String, String> labels = SwarmLabels.stack(stack);
    ContainerEngine engine = context.engine();
    try (SwarmEngine swarm = engines.apply(context.config().docker())) {
      if (!swarm.swarm().active()) {
        context.events().progress(name(), "swarm mode is not active; no stack " + stack + " to remove");
        return;
      }
      for (SwarmService service : swarm.services(labels)) {
        swarm.removeService(service.id());
        context.events().progress(name(), "service " + service.name() + " removed");
      }
      Instant deadline = Instant.now().plus(CONTAINERS_GONE);
      while (!engine.containers(labels).isEmpty()) {
        if (Instant.now().isAfter(deadline)) {
          throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "the task containers of stack " + stack
              + " were still there " + CONTAINERS_GONE.toSeconds() + " s after their services were removed");
        }
        sleep();
      }
      for (String network : swarm.networks(labels)) {
        swarm.removeNetwork(network);
        context.events().progress(name(), "network " + network + " removed");
      }
      StackFileObjects.removeUnused(swarm, null, stack, line -> context.events().progress(name(), line));
    }
    if (removeVolumes) {
      for (String volume : engine.volumes(labels)) {
        engine.removeVolume(volume);
        context.events().progress(name(), "volume " + volume + " removed");
      }
    }
  }

  private static void sleep() throws PipelineException {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "interrupted while removing the stack", e);
    }
  }
}
