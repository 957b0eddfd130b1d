package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import dev.deployer.infrastructure.event.DeployEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs steps in order, timing each and announcing its start and end; stops at the first failure. */
public final class Pipeline {

  private final List<Step> steps;

  public Pipeline(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** One step's outcome, for the reports. */
  public record StepRecord(String name, String status, Duration duration, String message) {}

  /** Runs the steps; each step's record also goes to the context, so a signal handler can report the steps so far. */
  public List<StepRecord> run(DeployContext context) throws PipelineRunException {
    List<StepRecord> records = new ArrayList<>();
    for (Step step : steps) {
      Instant start = Instant.now();
      context.events().emit(new DeployEvent(start, DeployEvent.Kind.STEP_STARTED, step.name(), step.name(), null));
      try {
        runOne(step, context);
      } catch (PipelineException e) {
        Duration took = Duration.between(start, Instant.now());
        context.events().emit(new DeployEvent(Instant.now(), DeployEvent.Kind.STEP_FAILED, step.name(), e.getMessage(), took));
        records.add(context.recordStep(new StepRecord(step.name(), "failed", took, e.getMessage())));
        throw new PipelineRunException(e, records);
      }
      Duration took = Duration.between(start, Instant.now());
      context.events().emit(new DeployEvent(Instant.now(), DeployEvent.Kind.STEP_FINISHED, step.name(), "done", took));
      records.add(context.recordStep(new StepRecord(step.name(), "ok", took, null)));
    }
    return records;
  }

  private static void runOne(Step step, DeployContext context) throws PipelineException {
    try {
      step.run(context);
    } catch (EngineUnavailableException e) {
      throw new PipelineException(PipelineException.Kind.ENGINE_UNAVAILABLE, e.getMessage(), e);
    } catch (RuntimeException e) {
      // An engine's refusal fails the step, so a deploy's failure branch rolls back; anything else is a bug.
      EngineException refusal = EngineException.refusal(e).orElseThrow(() -> e);
      throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, refusal.getMessage(), refusal);
    }
  }

  /** A failed run: the step's failure plus the records of every step that ran. */
  public static final class PipelineRunException extends Exception {

    private final transient List<StepRecord> records;

    PipelineRunException(PipelineException cause, List<StepRecord> records) {
      super(cause.getMessage(), cause);
      this.records = List.copyOf(records);
    }

    public PipelineException failure() {
      return (PipelineException) getCause();
    }

    public List<StepRecord> records() {
      return records;
    }
  }
}
