package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;

/**
 * In a rollback that only switched back to warm containers ({@link DeployContext#onlySwitchedBack()}):
 * starts the resource sample of every service's container as soon as the start step is done, so
 * the validation that follows within a second finds it taken (over the switch back) instead of
 * waiting a second or two for the engine's sampling. Any other rollback samples when it validates.
 */
final class SampleResourcesAheadStep implements Step {

  @Override
  public String name() {
    return "sample resources";
  }

  @Override
  public void run(DeployContext context) {
    if (!context.onlySwitchedBack()) {
      context.events().progress(name(), "nothing to sample ahead: containers started; the validation samples them");
      return;
    }
    ContainerEngine engine = context.engine();
    int started = 0;
    for (String service : context.project().services().keySet()) {
      for (ContainerInfo container : engine.containers(context.containers().ofService().apply(service))) {
        if (container.running()) {
          engine.sampleAhead(container.id());
          started++;
          break;
        }
      }
    }
    context.events().progress(name(), started + " containers sampled while the traffic switches back");
  }
}
