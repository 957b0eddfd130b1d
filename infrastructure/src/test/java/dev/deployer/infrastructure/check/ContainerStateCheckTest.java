package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerStateCheckTest {

  private final StubEngine stub = new StubEngine();
  private final ContainerStateCheck check =
      ContainerStateCheck.forService(stub.engine(), "scheduler", "redis", "service");

  @Test
  void passesForARunningHealthyContainer() {
    stub.containers.add(StubEngine.container("redis", "running", "healthy", 0));

    CheckResult result = check.run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.name()).isEqualTo("container redis");
  }

  @Test
  void failsWhenExitedRestartingUnhealthyOrMissing() {
    assertThat(check.run().actual()).isEqualTo("no container");
    stub.containers.add(StubEngine.container("redis", "exited", null, 0));
    assertThat(check.run().actual()).contains("exited").contains("exit code 0");
    stub.containers.set(0, StubEngine.container("redis", "restarting", null, 3));
    assertThat(check.run().failed()).isTrue();
    stub.containers.set(0, StubEngine.container("redis", "running", "unhealthy", 3));
    assertThat(check.run().failed()).isTrue();
  }

  @Test
  void failsOnceWhenTheContainerRestartedBetweenTwoRuns() {
    stub.containers.add(StubEngine.container("redis", "running", null, 1));
    assertThat(check.run().failed()).isFalse();
    stub.containers.set(0, StubEngine.container("redis", "running", null, 2));

    CheckResult restarted = check.run();

    assertThat(restarted.failed()).isTrue();
    assertThat(restarted.actual()).contains("restarted 1 time(s) since the last check");
    assertThat(check.run().failed()).isFalse();
  }
}
