package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DependsOn;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.util.List;

/** Step 7: every service running and healthy by the engine's own health status, within the timeout. */
public final class WaitForHealthyStep implements Step {

  @Override
  public String name() {
    return "wait for healthy";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    ServiceWaiter waiter = new ServiceWaiter(engine);
    for (ComposeService service : context.project().services().values()) {
      List<ContainerInfo> containers = engine.containers(ComposeLabels.service(context.project().name(), service.name()));
      if (containers.isEmpty()) {
        throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, "service " + service.name() + " has no container");
      }
      for (ContainerInfo container : containers) {
        ContainerInfo ready = waiter.await(service.name(), container.id(), DependsOn.Condition.SERVICE_HEALTHY,
            context.waitTimeout());
        context.events().progress(name(), service.name() + " " + (ready.health() == null ? "running" : ready.health()));
      }
    }
  }
}
