package dev.deployer.pipeline;

import dev.deployer.rollback.ReleaseImages;
import dev.deployer.rollback.ReleaseLedger;

/**
 * {@code down --images}: after the stack is gone, the environment's release images go too: every
 * image hold of the project and every release tag, so nothing is left to roll back to. For an
 * environment taken away for good, such as a benchmark's or a test's.
 */
public final class ReleaseAllImagesStep implements Step {

  @Override
  public String name() {
    return "release images";
  }

  @Override
  public void run(DeployContext context) {
    new ReleaseImages(context.engine(), context.project().name())
        .releaseAll(new ReleaseLedger(context.stateDirectory()), line -> context.events().progress(name(), line));
  }
}
