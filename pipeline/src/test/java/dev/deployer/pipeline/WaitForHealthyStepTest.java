package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.event.DeployEvent;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 7 on a fake engine: one-shot jobs count as done when they exit 0, anything else that exits fails. */
class WaitForHealthyStepTest {

  private static final String COMPOSE = """
      name: jobs
      services:
        migrate:
          image: alpine:3.17
        app:
          image: redis:7
          depends_on:
            migrate:
              condition: service_completed_successfully
        seed:
          image: alpine:3.17
          restart: "no"
        cache:
          image: redis:7
          restart: always
      """;

  @TempDir
  Path dir;

  /** Each service's container states, in the order the engine reports them; the last one repeats. */
  final Map<String, ConcurrentLinkedDeque<ContainerInfo>> states = new HashMap<>();
  final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  @Test
  void aJobThatExitedZeroCountsAsCompleted() throws Exception {
    state("migrate", exited(0));
    state("app", running(null));
    state("seed", exited(0));
    state("cache", running("healthy"));

    new WaitForHealthyStep().run(context(COMPOSE));

    assertThat(progress).contains("migrate completed (exit code 0)", "seed completed (exit code 0)",
        "app running", "cache healthy");
  }

  @Test
  void aJobIsAwaitedUntilItExits() throws Exception {
    state("migrate", running(null), running(null), exited(0));
    state("app", running(null));
    state("seed", exited(0));
    state("cache", running(null));

    new WaitForHealthyStep().run(context(COMPOSE));

    assertThat(progress).contains("migrate completed (exit code 0)");
    assertThat(states.get("migrate")).hasSize(1);
  }

  @Test
  void aJobThatFailedFailsTheWait() throws Exception {
    state("migrate", exited(3));
    state("app", running(null));
    state("seed", exited(0));
    state("cache", running(null));

    assertThatThrownBy(() -> new WaitForHealthyStep().run(context(COMPOSE)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("service migrate failed: it exited with code 3");
  }

  @Test
  void aServiceWithoutRestartThatExitedNonZeroFails() throws Exception {
    state("migrate", exited(0));
    state("app", running(null));
    state("seed", exited(1));
    state("cache", running(null));

    assertThatThrownBy(() -> new WaitForHealthyStep().run(context(COMPOSE)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("service seed failed: it exited with code 1");
  }

  @Test
  void aServiceTheEngineRestartsHasNotCompletedWhenItExitsZero() throws Exception {
    state("migrate", exited(0));
    state("app", running(null));
    state("seed", exited(0));
    state("cache", exited(0));

    assertThatThrownBy(() -> new WaitForHealthyStep().run(context(COMPOSE)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("service cache failed: it exited with code 0");
  }

  @Test
  void anyServiceTheEngineLeavesExitedMayCompleteWithZero() throws Exception {
    state("migrate", exited(0));
    state("app", exited(0));
    state("seed", exited(0));
    state("cache", running(null));

    new WaitForHealthyStep().run(context(COMPOSE));

    assertThat(progress).contains("app completed (exit code 0)");
  }

  @Test
  void findsTheJobsOthersWaitFor() throws Exception {
    ComposeProject project = load(COMPOSE);

    assertThat(WaitForHealthyStep.awaitedToComplete(project.services().values())).containsExactly("migrate");
    assertThat(WaitForHealthyStep.mayRunToCompletion(project.service("seed"))).isTrue();
    assertThat(WaitForHealthyStep.mayRunToCompletion(project.service("migrate"))).isTrue();
    assertThat(WaitForHealthyStep.mayRunToCompletion(project.service("cache"))).isFalse();
  }

  private void state(String service, ContainerInfo... sequence) {
    ConcurrentLinkedDeque<ContainerInfo> deque = new ConcurrentLinkedDeque<>();
    for (ContainerInfo info : sequence) {
      deque.add(new ContainerInfo(service + "-id", "jobs-" + service + "-1", "image", "sha256:1",
          ComposeLabels.service("jobs", service), info.state(), info.health(), info.exitCode(), 0, false, null,
          List.of()));
    }
    states.put(service, deque);
  }

  private static ContainerInfo exited(int code) {
    return new ContainerInfo("", "", "", "", Map.of(), "exited", null, code, 0, false, null, List.of());
  }

  private static ContainerInfo running(String health) {
    return new ContainerInfo("", "", "", "", Map.of(), "running", health, 0, 0, false, null, List.of());
  }

  private ComposeProject load(String compose) throws Exception {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, compose);
    return new ComposeLoader(Map.of()).load(file, Set.of());
  }

  private DeployContext context(String compose) throws Exception {
    ComposeProject project = load(compose);
    DeployRequest request = new DeployRequest("compose", dir.resolve("compose.yaml"), dir, Map.of(),
        Duration.ofSeconds(5));
    DeployContext context = new DeployContext(request, this::record, settings -> engine());
    context.loaded(DeploymentConfig.forComposeFile(project.name(), dir.resolve("compose.yaml"), Map.of()), project);
    return context;
  }

  private void record(DeployEvent event) {
    progress.add(event.message());
  }

  private ContainerInfo next(String id) {
    ConcurrentLinkedDeque<ContainerInfo> deque = states.get(id.substring(0, id.length() - "-id".length()));
    return deque.size() > 1 ? deque.poll() : deque.peek();
  }

  private ContainerEngine engine() {
    return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "containers" -> {
            @SuppressWarnings("unchecked")
            String service = ((Map<String, String>) args[0]).get(ComposeLabels.SERVICE);
            yield List.of(states.get(service).peek());
          }
          case "container" -> Optional.of(next((String) args[0]));
          case "logs" -> List.of("last words");
          case "events" -> (java.io.Closeable) () -> { };
          case "close" -> null;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
