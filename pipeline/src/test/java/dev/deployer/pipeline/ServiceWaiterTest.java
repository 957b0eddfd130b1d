package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.DependsOn.Condition;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.event.DeployEvent;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Which exits a wait accepts: a job's exit 0, never a crash. */
class ServiceWaiterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void aStartedDependencyThatAlreadyRanToItsEndIsStarted() throws Exception {
    assertThat(waiter(exited(0)).await("job", "id", Condition.SERVICE_STARTED, TIMEOUT).exitCode()).isZero();
  }

  @Test
  void aStartedDependencyThatFailedFailsTheWait() {
    assertThatThrownBy(() -> waiter(exited(2)).await("job", "id", Condition.SERVICE_STARTED, TIMEOUT))
        .isInstanceOf(PipelineException.class)
        .hasMessage("service job failed: it exited with code 2");
  }

  @Test
  void completedSuccessfullyNeedsExitZero() throws Exception {
    assertThat(waiter(exited(0)).await("job", "id", Condition.SERVICE_COMPLETED_SUCCESSFULLY, TIMEOUT).state())
        .isEqualTo("exited");
    assertThatThrownBy(() -> waiter(exited(1)).await("job", "id", Condition.SERVICE_COMPLETED_SUCCESSFULLY, TIMEOUT))
        .hasMessage("service job failed: it exited with code 1");
  }

  @Test
  void healthyRefusesAnyExitUnlessTheServiceMayComplete() throws Exception {
    assertThatThrownBy(() -> waiter(exited(0)).await("app", "id", Condition.SERVICE_HEALTHY, TIMEOUT))
        .hasMessage("service app failed: it exited with code 0");
    assertThat(waiter(exited(0)).awaitHealthyOrCompleted("job", "id", TIMEOUT).exitCode()).isZero();
    assertThatThrownBy(() -> waiter(exited(137)).awaitHealthyOrCompleted("job", "id", TIMEOUT))
        .hasMessage("service job failed: it exited with code 137");
  }

  @Test
  void whileTheEngineSaysStartingAReadyProbeIsEnoughButNeverOverridesUnhealthyOrAnExit() throws Exception {
    assertThat(waiter(running("starting")).awaitReady("api", "id", () -> true, TIMEOUT).health()).isEqualTo("starting");
    assertThatThrownBy(() -> waiter(running("starting")).awaitReady("api", "id", () -> false, Duration.ofMillis(300)))
        .hasMessageStartingWith("service api failed: it did not become healthy within");
    assertThatThrownBy(() -> waiter(running("unhealthy")).awaitReady("api", "id", () -> true, TIMEOUT))
        .hasMessage("service api failed: its health check reports unhealthy");
    assertThatThrownBy(() -> waiter(exited(1)).awaitReady("api", "id", () -> true, TIMEOUT))
        .hasMessage("service api failed: it exited with code 1");
  }

  @Test
  void aLongWaitSaysEveryFewSecondsWhatTheContainerIsDoing() {
    List<DeployEvent> events = new CopyOnWriteArrayList<>();
    ServiceWaiter waiter = new ServiceWaiter(engine(running("starting")), events::add, "wait for healthy",
        Duration.ofMillis(100));

    assertThatThrownBy(() -> waiter.await("api", "id", Condition.SERVICE_HEALTHY, Duration.ofMillis(1200)))
        .hasMessageStartingWith("service api failed: it did not become healthy");
    assertThat(events).isNotEmpty().allSatisfy(event -> {
      assertThat(event.kind()).isEqualTo(DeployEvent.Kind.PROGRESS);
      assertThat(event.step()).isEqualTo("wait for healthy");
      assertThat(event.message()).matches("api not ready yet: state running, health starting, \\d+ s of 1 s");
    });
  }

  @Test
  void aRestartSendsTheContainersLastLogLinesAsDetailAtOnce() {
    List<DeployEvent> events = new CopyOnWriteArrayList<>();
    ContainerInfo restarting = new ContainerInfo("id", "p-api-1", "app", "sha256:1", Map.of(), "restarting", null, 1,
        1, false, null, List.of());
    ServiceWaiter waiter = new ServiceWaiter(engine(restarting), events::add, "wait for healthy");

    assertThatThrownBy(() -> waiter.await("api", "id", Condition.SERVICE_HEALTHY, TIMEOUT))
        .hasMessageContaining("keeps restarting");
    assertThat(events).extracting(DeployEvent::kind).containsOnly(DeployEvent.Kind.DETAIL);
    assertThat(events).extracting(DeployEvent::message)
        .containsExactly("api restarted; its last 2 log lines:", "  | starting", "  | Connection refused: db:5432");
  }

  private static ContainerInfo running(String health) {
    return new ContainerInfo("id", "p-api-1", "app", "sha256:1", Map.of(), "running", health, 0, 0, false, null,
        List.of());
  }

  private static ContainerInfo exited(int code) {
    return new ContainerInfo("id", "p-job-1", "alpine", "sha256:1", Map.of(), "exited", null, code, 0, false, null,
        List.of());
  }

  private static ServiceWaiter waiter(ContainerInfo container) {
    return new ServiceWaiter(engine(container));
  }

  private static ContainerEngine engine(ContainerInfo container) {
    return (ContainerEngine) Proxy.newProxyInstance(ServiceWaiterTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "container" -> Optional.of(container);
          case "logs" -> List.of("starting", "Connection refused: db:5432");
          case "events" -> (java.io.Closeable) () -> { };
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
