package dev.deployer.pipeline;

import java.util.function.Function;

/**
 * A phase whose work depends on the target: the loaded target supplies the step that does it. The
 * name is known before anything is loaded, so a run announces the phase the same way on any target.
 */
final class TargetStep implements Step {

  private final String name;
  private final Function<DeployTarget, Step> phase;

  TargetStep(String name, Function<DeployTarget, Step> phase) {
    this.name = name;
    this.phase = phase;
  }

  static Step preDeployChecks(boolean lock) {
    return new TargetStep("pre-deployment checks", target -> target.preDeployChecks(lock));
  }

  static Step startServices(DeployTarget.StartMode mode) {
    return new TargetStep("start services", target -> target.startServices(mode));
  }

  static Step waitForHealthy() {
    return new TargetStep("wait for healthy", DeployTarget::waitForHealthy);
  }

  static Step verifyEndpoints() {
    return new TargetStep("verify endpoints", DeployTarget::verifyEndpoints);
  }

  static Step switchTraffic() {
    return new TargetStep("switch traffic", DeployTarget::switchTraffic);
  }

  static Step removeRolledBack() {
    return new TargetStep("remove rolled-back release", DeployTarget::removeRolledBack);
  }

  static Step remove(boolean volumes) {
    return new TargetStep("remove stack", target -> target.remove(volumes));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    phase.apply(context.target()).run(context);
  }
}
