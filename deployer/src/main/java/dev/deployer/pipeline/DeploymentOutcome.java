package dev.deployer.pipeline;

import java.nio.file.Path;

/** How a run ended: its report, and the failure if there was one. */
public record DeploymentOutcome(DeploymentReport report, Path reportFile, PipelineException failure) {

  public boolean succeeded() {
    return failure == null;
  }
}
