package dev.deployer.pipeline;

import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;

/**
 * The failure branch of a deploy: once the run has recorded its release (from then on the stack
 * may have changed), a failure rolls the stack back to the last verified release, or where the
 * environment requires confirmation leaves a rollback request for an operator. A run that failed
 * before it recorded a release changed nothing and ends with its failure as it is.
 */
public final class RollbackFlow {

  private RollbackFlow() {}

  public static PipelineException afterFailedDeploy(DeployContext context, PipelineException failure) {
    boolean recorded = new ReleaseLedger(context.stateDirectory()).find(context.release())
        .filter(release -> release.status() == ReleaseStatus.FAILED).isPresent();
    if (!recorded) {
      return failure;
    }
    return new RollbackService(context.events(), context.engines()).afterFailedDeploy(context, failure);
  }
}
