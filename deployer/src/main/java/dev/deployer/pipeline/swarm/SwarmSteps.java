package dev.deployer.pipeline.swarm;

import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.PreDeployChecksStep;
import dev.deployer.pipeline.StartServicesStep;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.VerifyEndpointsStep;
import dev.deployer.pipeline.WaitForHealthyStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The same pipelines on either target: each single-host step that touches containers has a
 * Swarm counterpart, chosen when the step runs (once the environment's config is loaded).
 */
public final class SwarmSteps {

  private SwarmSteps() {}

  /** {@code steps} with every container step able to act on a Swarm stack instead. */
  public static List<Step> targeted(List<Step> steps) {
    List<Step> result = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof PreDeployChecksStep) {
        result.add(either(step, new SwarmPreDeployChecksStep()));
      } else if (step instanceof StartServicesStep) {
        result.add(either(step, new SwarmDeployStep()));
      } else if (step instanceof WaitForHealthyStep) {
        result.add(either(step, new SwarmWaitStep()));
      } else if (step instanceof VerifyEndpointsStep) {
        result.add(either(step, new SwarmVerifyStep()));
      } else {
        result.add(step);
      }
    }
    return result;
  }

  /** {@code compose} on the compose target, {@code swarm} on the swarm target (null: nothing to do there yet). */
  public static Step either(Step compose, Step swarm) {
    return new Step() {
      @Override
      public String name() {
        return compose.name();
      }

      @Override
      public void run(DeployContext context) throws PipelineException {
        if (!SwarmTarget.isSwarm(context)) {
          compose.run(context);
        } else if (swarm != null) {
          swarm.run(context);
        } else {
          context.events().progress(compose.name(), "not on the swarm target yet; skipped");
        }
      }
    };
  }
}
