package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that recorded a release names its deployment and validation reports in the ledger. */
class ReleaseReportsTest {

  @TempDir
  Path state;

  static Step step(String name, java.util.function.Consumer<DeployContext> action) {
    return new Step() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run(DeployContext context) {
        action.accept(context);
      }
    };
  }

  @Test
  void theDeploymentAndValidationReportsOfTheReleaseAreRecordedInItsLedgerEntry() throws Exception {
    ReportStore store = new ReportStore(state);
    Path otherValidation = store.write("validation", "20200101-000000-0000-staging", Map.of());
    Path[] validation = new Path[1];
    Step record = step("record release", context -> new ReleaseLedger(state).add(new Release(context.release(),
        "staging", "demo", Instant.now(), "ci", "host", null, "deploy", ReleaseStatus.DEPLOYING, Map.of(), "c", "d",
        null, true, List.of(), List.of())));
    Step validate = step("validate", context ->
        validation[0] = store.write("validation", context.release() + "-staging", Map.of("result", "passed")));
    DeployRequest request = new DeployRequest("staging", state.resolve("config.yaml"), state, Map.of(), null);

    DeploymentOutcome outcome = new DeploymentService(EventSink.NONE, settings -> {
      throw new AssertionError("no engine in this test");
    }).run("deploy", List.of(record, validate), request);

    Release release = new ReleaseLedger(state).find(outcome.report().release()).orElseThrow();
    assertThat(release.reports()).containsExactly(outcome.reportFile().toString(), validation[0].toString())
        .doesNotContain(otherValidation.toString());
  }

  @Test
  void aRunWithoutARecordedReleaseLeavesTheLedgerAlone() {
    DeployRequest request = new DeployRequest("compose", state.resolve("compose.yaml"), state, Map.of(), null);

    new DeploymentService(EventSink.NONE, settings -> {
      throw new AssertionError("no engine in this test");
    }).run("compose-up", List.of(step("nothing", context -> { })), request);

    assertThat(new ReleaseLedger(state).releases()).isEmpty();
    assertThat(state.resolve("releases")).doesNotExist();
  }
}
