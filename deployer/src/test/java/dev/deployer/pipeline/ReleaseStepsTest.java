package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.lock.DeployLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock step and the finishers that end every run, without an engine. */
class ReleaseStepsTest {

  @TempDir
  Path state;

  DeployContext context() {
    DeployRequest request = new DeployRequest("staging", state.resolve("config.yaml"), state, Map.of(), null);
    return new DeployContext(request, EventSink.NONE, settings -> {
      throw new AssertionError("no engine in this test");
    });
  }

  @Test
  void theLockIsHeldDuringTheRunAndReleasedWhenItEnds() throws Exception {
    DeployContext context = context();

    new AcquireLockStep("deploy").run(context);

    assertThat(new DeployLock(state, "staging").status()).isPresent();
    assertThat(context.checks()).anySatisfy(check -> assertThat(check.name()).isEqualTo("deploy lock"));
    context.finish(null, false);
    assertThat(new DeployLock(state, "staging").status()).isEmpty();
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
  void finishersRunNewestFirstOnceAndMayReplaceTheFailure() {
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
    new DeployLock(state, "staging").acquire("ghost", "deploy", "", Duration.ofMillis(1));
    Thread.sleep(20);
    DeployContext context = context();

    new AcquireLockStep("deploy").run(context);

    assertThat(new dev.deployer.rollback.AuditLog(state).read())
        .anySatisfy(record -> assertThat(record.action()).isEqualTo("lock-override"));
    context.finish(null, false);
  }
}
