package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which release a failed deploy goes back to (and so whose containers a deploy keeps), what it does
 * where the operator must approve, and how the report says what it did.
 */
class RollbackServiceTest {

  private static final Path COMMITTED_CONFIG = Path.of("").toAbsolutePath().getParent()
      .resolve("infrastructure/config/deployment_config.yaml");

  @TempDir
  Path state;

  @Test
  void aFailedDeployGoesBackToTheCurrentReleaseIfVerifiedElseToTheLastVerifiedBeforeIt() {
    ReleaseLedger ledger = RollbackPlanTest.ledger(state,
        RollbackPlanTest.release("r1", ReleaseStatus.VERIFIED, "sha256:1", "h1"),
        RollbackPlanTest.release("r2", ReleaseStatus.VERIFIED, "sha256:2", "h2"),
        RollbackPlanTest.release("r3", ReleaseStatus.DEPLOYED, "sha256:3", "h3"),
        RollbackPlanTest.release("r4", ReleaseStatus.DEPLOYING, "sha256:4", "h4"));

    ledger.setCurrent("r1");
    assertThat(RollbackService.targetAfter(ledger, "r4").map(Release::id)).as("a rollback put r1 back").contains("r1");
    ledger.setCurrent("r3");
    assertThat(RollbackService.targetAfter(ledger, "r4").map(Release::id)).as("r3 was never verified").contains("r2");
    assertThat(RollbackService.targetAfter(ledger, "r1")).isEmpty();
  }

  @Test
  void whereConfirmationIsRequiredAFailedDeployLeavesARequestAndNeedsTheOperatorNotExitOne() throws Exception {
    ReleaseLedger ledger = RollbackPlanTest.ledger(state,
        RollbackPlanTest.release("r1", ReleaseStatus.VERIFIED, "sha256:1", "h1"),
        RollbackPlanTest.release("r2", ReleaseStatus.DEPLOYING, "sha256:2", "h2"));
    Function<DeploymentConfig.DockerSettings, ContainerEngine> noEngine = settings -> {
      throw new AssertionError("nothing is rolled back before the approval");
    };
    DeployRequest request = new DeployRequest("production", COMMITTED_CONFIG, state, Map.of(), null);
    DeployContext deploy = new DeployContext(request, EventSink.NONE, noEngine, "r2");
    new LoadStep().run(deploy);
    PipelineException failure = new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, "2 checks failed");

    PipelineException result = new RollbackService(EventSink.NONE, noEngine).afterFailedDeploy(deploy, failure);

    RollbackRequest pending = new RollbackRequests(state).pending().get(0);
    assertThat(result.kind()).isEqualTo(PipelineException.Kind.ROLLBACK_PENDING);
    assertThat(result.getMessage()).contains("a rollback to r1 awaits approval", "--approve " + pending.id());
    assertThat(ledger.current().map(Release::id)).as("the failed release still runs").contains("r2");
  }

  @Test
  void theStartStepsTimelineEntrySaysWhichServicesWereRestartedAndWhichRecreated() {
    Map<String, String> actions = Map.of("worker", "restarted", "api", "restarted", "db", "unchanged",
        "redis", "recreated");
    Pipeline.StepRecord start = new Pipeline.StepRecord("start services", "ok", Duration.ofSeconds(3), null);
    Pipeline.StepRecord failed = new Pipeline.StepRecord("start services", "failed", Duration.ofSeconds(3), "boom");
    Pipeline.StepRecord wait = new Pipeline.StepRecord("wait for healthy", "ok", Duration.ofSeconds(9), null);

    assertThat(RollbackService.timelineMessage(start, actions))
        .isEqualTo("redis recreated; api, worker restarted; db unchanged");
    assertThat(RollbackService.timelineMessage(failed, actions)).startsWith("boom (redis recreated; ");
    assertThat(RollbackService.timelineMessage(wait, actions)).isNull();
    assertThat(RollbackService.timelineMessage(start, Map.of())).isNull();
  }
}
