package dev.deployer.pipeline;

import java.util.List;

/**
 * A command as it is composed: its steps in order, and what happens when one of them fails once
 * the run has recorded a release (for a deploy: the rollback flow). Read with {@link Pipelines},
 * it shows the whole decision in one place.
 */
public record Flow(List<Step> steps, OnFailure onFailure) {

  public Flow {
    steps = List.copyOf(steps);
  }

  /** Steps that end with their failure, nothing more. */
  public static Flow of(List<Step> steps) {
    return new Flow(steps, (context, failure) -> failure);
  }

  /** What a failed run does after its outcome is recorded and before it lets go of the lock. */
  @FunctionalInterface
  public interface OnFailure {

    /** Returns the failure the run ends with: the same, or one that says what the handling did. */
    PipelineException handle(DeployContext context, PipelineException failure);
  }
}
