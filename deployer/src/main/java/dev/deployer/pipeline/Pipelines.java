package dev.deployer.pipeline;

import dev.deployer.pipeline.swarm.SwarmRemoveStep;
import dev.deployer.pipeline.swarm.SwarmSteps;
import java.util.ArrayList;
import java.util.List;

/** The step lists behind each command: deploy-and-verify is the deploy steps then the verify steps. */
public final class Pipelines {

  private Pipelines() {}

  public static List<Step> deploy() {
    return deploySteps(true);
  }

  /** The deploy steps; the lock, the backup and the release ledger only for an environment's stack. */
  private static List<Step> deploySteps(boolean releases) {
    List<Step> steps = new ArrayList<>(List.of(new LoadStep(), new PreDeployChecksStep(releases)));
    if (releases) {
      steps.add(new AcquireLockStep("deploy"));
    }
    // Building changes nothing that runs; it comes first so the backup knows whether anything will.
    steps.add(new BuildImagesStep());
    if (releases) {
      steps.add(new BackupStep());
      steps.add(new RecordReleaseStep("deploy"));
    }
    steps.add(releases ? StartServicesStep.keepingPrevious() : new StartServicesStep());
    steps.add(new WaitForHealthyStep());
    return SwarmSteps.targeted(steps);
  }

  public static List<Step> verifyOnly() {
    // Baseline validation first: it covers ports and health too, and runs every check before it fails,
    // so a slow release shows as a performance failure rather than only a slow health answer.
    return SwarmSteps.targeted(List.of(new ValidateBaselineStep(), new VerifyEndpointsStep()));
  }

  public static List<Step> verify() {
    List<Step> steps = new ArrayList<>();
    steps.add(new LoadStep());
    steps.add(new WaitForHealthyStep());
    steps.addAll(verifyOnly());
    steps.add(new MarkVerifiedStep());
    return SwarmSteps.targeted(steps);
  }

  public static List<Step> deployAndVerify() {
    List<Step> steps = new ArrayList<>(deploy());
    steps.addAll(verifyOnly());
    steps.add(new MarkVerifiedStep());
    return steps;
  }

  /** `compose up`: the deploy steps on a bare compose file. */
  public static List<Step> composeUp(java.nio.file.Path file, java.util.Set<String> profiles) {
    List<Step> steps = deploySteps(false);
    steps.set(0, new ComposeLoadStep(file, profiles));
    return steps;
  }

  public static List<Step> composeDown(java.nio.file.Path file, java.util.Set<String> profiles, boolean removeVolumes) {
    return List.of(new ComposeLoadStep(file, profiles), new RemoveStackStep(removeVolumes));
  }

  /**
   * Removes the stack under the deploy lock, so it never pulls a stack from under a running deploy;
   * {@code releaseImages} also its release images, so nothing is left to roll back to.
   */
  public static List<Step> down(boolean removeVolumes, boolean releaseImages) {
    List<Step> steps = new ArrayList<>(List.of(new LoadStep(), new AcquireLockStep("down"),
        SwarmSteps.either(new RemoveStackStep(removeVolumes), new SwarmRemoveStep(removeVolumes))));
    if (releaseImages) {
      steps.add(new ReleaseAllImagesStep());
    }
    return steps;
  }
}
