package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.lock.DeployLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock step and the finishers that end every run, on an engine in memory. */
class ReleaseStepsTest {

  @TempDir
  Path state;

  final FakeEngine engine = new FakeEngine();

  DeployContext context() throws Exception {
    Path compose = Files.writeString(state.resolve("compose.yaml"), "name: demo\nservices:\n  api:\n    image: demo\n");
    ComposeProject project = new ComposeLoader(Map.of()).load(compose, Set.of());
    DeployRequest request = new DeployRequest("staging", state.resolve("config.yaml"), state, Map.of(), null);
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> engine);
    context.loaded(DeploymentConfig.forComposeFile("demo", compose, Map.of()), project);
    return context;
  }

  DeployLock lock() {
    return new DeployLock(engine, "demo", "staging");
  }

  @Test
  void theLockIsHeldDuringTheRunAndReleasedWhenItEnds() throws Exception {
    DeployContext context = context();

    new AcquireLockStep("deploy").run(context);

    assertThat(lock().status()).isPresent();
    assertThat(context.checks()).anySatisfy(check -> assertThat(check.name()).isEqualTo("deploy lock"));
    context.finish(null, false);
    assertThat(lock().status()).isEmpty();
  }

  @Test
  void aSecondRunWhileTheLockIsHeldStopsWithLockHeld() throws Exception {
    DeployContext first = context();
    new AcquireLockStep("deploy").run(first);

    assertThatThrownBy(() -> new AcquireLockStep("deploy").run(context()))
        .isInstanceOf(PipelineException.class)
        .satisfies(e -> assertThat(((PipelineException) e).kind()).isEqualTo(PipelineException.Kind.LOCK_HELD))
        .hasMessageContaining("nothing was changed");
    first.finish(null, false);
  }

  @Test
  void finishersRunNewestFirstOnceAndMayReplaceTheFailure() throws Exception {
    DeployContext context = context();
    List<String> calls = new ArrayList<>();
    context.onFinish((failure, interrupted) -> {
      calls.add("lock saw " + failure.getMessage());
      return failure;
    });
    context.onFinish((failure, interrupted) -> {
      calls.add("ledger");
      return new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, "rollback failed too");
    });

    PipelineException result = context.finish(new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, "bad"),
        false);
    context.finish(null, true);

    assertThat(calls).containsExactly("ledger", "lock saw rollback failed too");
    assertThat(result.kind()).isEqualTo(PipelineException.Kind.ROLLBACK_FAILED);
  }

  @Test
  void aStaleLockIsTakenOverAndAudited() throws Exception {
    lock().acquire("ghost", "deploy", "", Duration.ofMillis(1));
    Thread.sleep(20);
    DeployContext context = context();

    new AcquireLockStep("deploy").run(context);

    assertThat(new dev.deployer.rollback.AuditLog(state).read())
        .anySatisfy(record -> assertThat(record.action()).isEqualTo("lock-override"));
    context.finish(null, false);
  }
}
