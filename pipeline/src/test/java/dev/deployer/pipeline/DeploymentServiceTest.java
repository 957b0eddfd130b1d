package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which release's ledger entry names a run's reports. */
class DeploymentServiceTest {

  private static final Function<DeploymentConfig.DockerSettings, ContainerEngine> NO_ENGINE = settings -> {
    throw new AssertionError("no engine in this test");
  };

  @TempDir
  Path state;

  @Test
  void aVerifyRunsReportIsNamedInTheCurrentReleaseItVerified() {
    ReleaseLedger ledger = RollbackPlanTest.ledger(state,
        RollbackPlanTest.release("r1", ReleaseStatus.VERIFIED, "sha256:1", "h1"),
        RollbackPlanTest.release("r2", ReleaseStatus.VERIFIED, "sha256:2", "h2"));
    ledger.setCurrent("r1");
    DeployRequest request = new DeployRequest("staging", state.resolve("config.yaml"), state, Map.of(), null);

    DeploymentOutcome verify = new DeploymentService(EventSink.NONE, NO_ENGINE)
        .run(DeploymentService.VERIFY, List.of(), request);
    DeploymentOutcome other = new DeploymentService(EventSink.NONE, NO_ENGINE).run("status", List.of(), request);

    assertThat(verify.release()).isEqualTo("r1");
    assertThat(other.release()).isNull();
    assertThat(ledger.find("r1").orElseThrow().reports()).containsExactly(verify.reportFile().toString());
    assertThat(ledger.find("r2").orElseThrow().reports()).isEmpty();
    assertThat(ledger.find("r1").orElseThrow().reports()).doesNotContain(other.reportFile().toString());
  }
}
