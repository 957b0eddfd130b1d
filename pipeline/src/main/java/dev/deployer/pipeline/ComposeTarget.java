package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.stack.StackContainers;

/** Containers on one engine, as Docker Compose runs them: a changed service's container is replaced. */
public final class ComposeTarget implements DeployTarget {

  public static final String NAME = "compose";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Step preDeployChecks(boolean lock) {
    return new PreDeployChecksStep(lock);
  }

  @Override
  public Step startServices(StartMode mode) {
    return new StartServicesStep(mode == StartMode.DEPLOY, new LeftoverEdge());
  }

  @Override
  public Step waitForHealthy() {
    return new WaitForHealthyStep();
  }

  @Override
  public Step verifyEndpoints() {
    return new VerifyEndpointsStep();
  }

  @Override
  public Step switchTraffic() {
    return Steps.nothing("switch traffic", "the new containers took the ports when they started");
  }

  @Override
  public Step remove(boolean volumes) {
    return new RemoveStackStep(volumes);
  }

  @Override
  public StackContainers containers(LoadedStack stack, ContainerEngine engine) {
    return StackContainers.compose(stack.project().name());
  }

  @Override
  public boolean changesNothing(DeployContext context) {
    return ContainerChanges.changesNothing(context) && LeftoverEdge.find(context).isEmpty();
  }

  /** Registers the target (META-INF/services). */
  public static final class Factory implements DeployTarget.Factory {

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public DeployTarget create(LoadedStack.Settings settings) {
      return new ComposeTarget();
    }
  }
}
