package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void aServiceWhoseTaskRunsOnAnotherSwarmNodePassesOnSwarmsTaskState() {
    // An exited container of an older task stays on this node after Swarm moved the service away.
    stub.containers.add(StubEngine.container("redis", "exited", null, 0));
    ContainerStateCheck remote = ContainerStateCheck.forService(stub.engine(), swarm(Optional.of(task())), "redis",
        "service");

    CheckResult result = remote.run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.name()).isEqualTo("container redis");
    assertThat(result.actual()).isEqualTo("task 7c3f9a1b2d4e running on node worker-2 (Swarm's task state)");
  }

  @Test
  void withNoTaskRunningAnywhereItFailsAsBefore() {
    ContainerStateCheck remote = ContainerStateCheck.forService(stub.engine(), swarm(Optional.empty()), "redis",
        "service");

    assertThat(remote.run().actual()).isEqualTo("no container");
    stub.containers.add(StubEngine.container("redis", "exited", null, 0));
    assertThat(remote.run().actual()).contains("exited");
  }

  @Test
  void aRunningContainerHereIsJudgedHereWithoutAskingTheSwarm() {
    stub.containers.add(StubEngine.container("redis", "running", "unhealthy", 0));
    StackContainers swarm = SwarmLabels.containers("scheduler", service -> true, service -> {
      throw new AssertionError("asked for a task elsewhere while one runs here");
    });

    assertThat(ContainerStateCheck.forService(stub.engine(), swarm, "redis", "service").run().failed()).isTrue();
  }

  @Test
  void aSwarmThatCannotBeAskedFailsTheCheckWithoutThrowing() {
    StackContainers swarm = SwarmLabels.containers("scheduler", service -> true, service -> {
      throw new IllegalStateException("manager gone");
    });

    CheckResult result = ContainerStateCheck.forService(stub.engine(), swarm, "redis", "service").run();

    assertThat(result.failed()).isTrue();
    assertThat(result.actual()).contains("manager gone");
  }

  private static StackContainers swarm(Optional<SwarmTaskContainer> task) {
    return SwarmLabels.containers("scheduler", service -> true, service -> service.equals("scheduler_redis")
        ? task : Optional.empty());
  }

  private static SwarmTaskContainer task() {
    return new SwarmTaskContainer("7c3f9a1b2d4e5f60", "n2", "worker-2", "c1", "127.0.0.1:5000/redis@sha256:ab",
        new ContainerSettings("", false, List.of(), Map.of(), 0, 0, List.of(), List.of()), List.of());
  }
}
