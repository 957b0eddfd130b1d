package dev.deployer.pipeline;

import java.nio.file.Path;

/**
 * How a run ended: its report, and the failure if there was one; {@code failureTrace}: the stack
 * trace of the failure's cause, scrubbed of the run's secrets (null: no cause), for --stacktrace;
 * {@code release}: the release whose ledger entry names the run's reports (null: none), which
 * for a verify is the current release, not the run's own id.
 */
public record DeploymentOutcome(DeploymentReport report, Path reportFile, PipelineException failure,
    String failureTrace, String release) {

  public boolean succeeded() {
    return failure == null;
  }
}
