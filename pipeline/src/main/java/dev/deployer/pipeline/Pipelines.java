package dev.deployer.pipeline;

import dev.deployer.pipeline.DeployTarget.StartMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The flows behind each command: deploy-and-verify is the deploy steps, then the verify steps,
 * then the traffic switch; if any of them fails once the release is recorded, the rollback flow.
 * Steps whose work depends on where the stack runs ask the loaded {@link DeployTarget}.
 */
public final class Pipelines {

  private Pipelines() {}

  public static Flow deploy() {
    List<Step> steps = deploySteps();
    steps.add(TargetStep.switchTraffic());
    return new Flow(steps, RollbackFlow::afterFailedDeploy);
  }

  public static Flow deployAndVerify() {
    List<Step> steps = deploySteps();
    steps.addAll(verifySteps());
    steps.add(TargetStep.switchTraffic());
    steps.add(new MarkVerifiedStep());
    return new Flow(steps, RollbackFlow::afterFailedDeploy);
  }

  /** Verifies what runs; changes nothing, so a failure is only reported. */
  public static Flow verify() {
    List<Step> steps = new ArrayList<>(List.of(new LoadStep(), TargetStep.waitForHealthy()));
    steps.addAll(verifySteps());
    steps.add(new MarkVerifiedStep());
    return Flow.of(steps);
  }

  /**
   * The verify steps of a deploy and of verify (a rollback's are the same, its probe shorter when it
   * only switched back to warm containers: {@link #rollbackSteps()}). Baseline validation first: it covers ports and
   * health too, and runs every check before it fails, so a slow release shows as a performance
   * failure rather than only a slow health answer.
   */
  static List<Step> verifySteps() {
    return List.of(new ValidateBaselineStep(), TargetStep.verifyEndpoints());
  }

  /** Waits for the running stack and records its baseline. */
  public static Flow captureBaseline(Path file) {
    return Flow.of(List.of(new LoadStep(), TargetStep.waitForHealthy(), new CaptureBaselineStep(file)));
  }

  /** `compose up`: the deploy steps on bare compose files (`-f a -f b`), no lock, backup or release. */
  public static Flow composeUp(List<Path> files, Set<String> profiles) {
    List<Step> steps = new ArrayList<>(List.of(new ComposeLoadStep(files, profiles), TargetStep.preDeployChecks(false),
        new BuildImagesStep(), TargetStep.startServices(StartMode.UP), TargetStep.waitForHealthy()));
    return Flow.of(steps);
  }

  public static Flow composeDown(List<Path> files, Set<String> profiles, boolean removeVolumes) {
    return Flow.of(List.of(new ComposeLoadStep(files, profiles), TargetStep.remove(removeVolumes)));
  }

  /**
   * Removes the stack under the deploy lock, so it never pulls a stack from under a running deploy;
   * {@code releaseImages} also its release images, so nothing is left to roll back to.
   */
  public static Flow down(boolean removeVolumes, boolean releaseImages) {
    List<Step> steps = new ArrayList<>(List.of(new LoadStep(), new AcquireLockStep("down"),
        TargetStep.remove(removeVolumes)));
    if (releaseImages) {
      steps.add(new ReleaseAllImagesStep());
    }
    return Flow.of(steps);
  }

  /** The deploy steps of an environment's stack: checks, lock, build, backup, release, start, wait. */
  private static List<Step> deploySteps() {
    return new ArrayList<>(List.of(new LoadStep(), TargetStep.preDeployChecks(true), new AcquireLockStep("deploy"),
        // Building changes nothing that runs; it comes first so the backup knows whether anything will.
        new BuildImagesStep(), new BackupStep(), new RecordReleaseStep("deploy"),
        TargetStep.startServices(StartMode.DEPLOY), TargetStep.waitForHealthy()));
  }

  /**
   * The steps a rollback runs once its release is loaded: start, switch, wait, verify, then remove
   * what it moved away from. The traffic goes back before the checks: the release was verified when
   * it was deployed, and where it still runs warm (blue/green) it serves again at once; then every
   * check of a deploy runs, the load probe a second long and beside the others, and the resources
   * sampled from the moment the switch began, when nothing had to start.
   */
  static List<Step> rollbackSteps() {
    List<Step> steps = new ArrayList<>(List.of(TargetStep.startServices(StartMode.ROLLBACK),
        new SampleResourcesAheadStep(), TargetStep.switchTraffic(), TargetStep.waitForHealthy()));
    steps.add(new ValidateBaselineStep(true));
    steps.add(TargetStep.verifyEndpoints());
    steps.add(TargetStep.removeRolledBack());
    return steps;
  }
}
