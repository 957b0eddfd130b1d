package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.event.EventSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a step's failure ends a run: a failed step (which a deploy rolls back from), or a bug. */
class PipelineTest {

  @TempDir
  Path state;

  private Pipeline.PipelineRunException failedRun(RuntimeException thrown) {
    DeployRequest request = new DeployRequest("staging", state.resolve("config.yaml"), state, Map.of(), null);
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> null);
    Step step = new Step() {
      @Override
      public String name() {
        return "start services";
      }

      @Override
      public void run(DeployContext context) {
        throw thrown;
      }
    };
    try {
      new Pipeline(List.of(step)).run(context);
    } catch (Pipeline.PipelineRunException e) {
      return e;
    }
    throw new AssertionError("the run did not fail");
  }

  @Test
  void anErrorAnswerOfTheEngineFailsTheStepSoThatTheDeployRollsBack() {
    Pipeline.PipelineRunException run = failedRun(new InternalServerErrorException(
        "driver failed programming external connectivity: Bind for 0.0.0.0:8000 failed: port is already"
            + " allocated"));

    assertThat(run.failure().kind()).isEqualTo(PipelineException.Kind.DEPLOY_FAILED);
    assertThat(run.failure().getMessage()).isEqualTo("the engine refused: Status 500: driver failed programming"
        + " external connectivity: Bind for 0.0.0.0:8000 failed: port is already allocated");
    assertThat(run.records()).singleElement().satisfies(record -> assertThat(record.status()).isEqualTo("failed"));
  }

  @Test
  void anEngineExceptionFailsTheStepWithItsMessage() {
    Pipeline.PipelineRunException run = failedRun(new EngineException("image demo:1 is missing"));

    assertThat(run.failure().kind()).isEqualTo(PipelineException.Kind.DEPLOY_FAILED);
    assertThat(run.failure().getMessage()).isEqualTo("image demo:1 is missing");
  }

  @Test
  void anythingElseIsABugAndLeavesThePipelineAsItIs() {
    IllegalStateException bug = new IllegalStateException("a bug");

    assertThatThrownBy(() -> failedRun(bug)).isSameAs(bug);
  }
}
