package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ContainerStats;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceCheckTest {

  private static final long MIB = 1 << 20;

  private final StubEngine stub = new StubEngine();

  @Test
  void passesBelowBothThresholds() {
    stub.containers.add(StubEngine.container("api", "running", "healthy", 0));
    stub.stats.put("api", new ContainerStats(12.5, 100 * MIB, 512 * MIB));

    CheckResult result = check(1.0).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.name()).isEqualTo("resources api");
    assertThat(result.category()).isEqualTo("infrastructure");
    assertThat(result.actual()).contains("CPU 12.5%").contains("100 MiB of 512 MiB");
  }

  @Test
  void failsWhenCpuIsOverThresholdOfItsLimit() {
    stub.containers.add(StubEngine.container("api", "running", null, 0));
    stub.stats.put("api", new ContainerStats(45, 10 * MIB, 512 * MIB));

    CheckResult result = check(0.5).run();

    assertThat(result.failed()).isTrue();
    assertThat(result.actual()).contains("CPU 90.0%").contains("CPU over 80%");
  }

  @Test
  void unlimitedCpuCountsAsOneCore() {
    stub.containers.add(StubEngine.container("api", "running", null, 0));
    stub.stats.put("api", new ContainerStats(79, 10 * MIB, 512 * MIB));

    assertThat(check(null).run().failed()).isFalse();
  }

  @Test
  void failsWhenMemoryIsOverThreshold() {
    stub.containers.add(StubEngine.container("api", "running", null, 0));
    stub.stats.put("api", new ContainerStats(1, 450 * MIB, 512 * MIB));

    CheckResult result = check(1.0).run();

    assertThat(result.failed()).isTrue();
    assertThat(result.actual()).contains("memory over 80%");
  }

  @Test
  void failsWithoutARunningContainer() {
    stub.containers.add(StubEngine.container("api", "exited", null, 0));

    assertThat(check(1.0).run().actual()).isEqualTo("no running container");
  }

  @Test
  void warnsNamingTheNodeWhenTheOnlyRunningTaskIsOnAnotherSwarmNode() {
    SwarmTaskContainer task = new SwarmTaskContainer("t1", "n2", "worker-2", "c1", "127.0.0.1:5000/app@sha256:ab",
        new ContainerSettings("", false, List.of(), Map.of(), 0, 0, List.of(), List.of()), List.of());
    StackContainers swarm = SwarmLabels.containers("scheduler", service -> true, service -> Optional.of(task));

    CheckResult result = ResourceCheck.forService(stub.engine(), swarm, "api", "resources", 80, 80, 1.0).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
    assertThat(result.actual())
        .isEqualTo("task on node worker-2: its engine's stats are not reachable from the manager");
  }

  @Test
  void aLocalTaskContainerIsSampledEvenWhenAnotherNodeRunsOneToo() {
    stub.containers.add(StubEngine.container("api", "running", null, 0));
    stub.stats.put("api", new ContainerStats(1, 10 * MIB, 512 * MIB));
    StackContainers swarm = SwarmLabels.containers("scheduler", service -> true, service -> {
      throw new AssertionError("asked for a task elsewhere while one runs here");
    });

    assertThat(ResourceCheck.forService(stub.engine(), swarm, "api", "resources", 80, 80, 1.0).run().verdict())
        .isEqualTo(CheckResult.Verdict.PASS);
  }

  @Test
  void failsWithoutStats() {
    stub.containers.add(StubEngine.container("api", "running", null, 0));

    assertThat(check(1.0).run().actual()).startsWith("no stats");
  }

  @Test
  void anEngineErrorIsAFailedCheckNotAnException() {
    stub.failure = new EngineException("engine gone", null);

    CheckResult result = check(1.0).run();

    assertThat(result.failed()).isTrue();
    assertThat(result.actual()).contains("engine gone");
  }

  private ResourceCheck check(Double cpus) {
    return ResourceCheck.forService(stub.engine(), dev.deployer.infrastructure.stack.StackContainers.compose("scheduler"), "api", "infrastructure", 80, 80, cpus);
  }
}
