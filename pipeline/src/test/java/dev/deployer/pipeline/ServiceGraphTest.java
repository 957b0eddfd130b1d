package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceGraphTest {

  static final String STACK = """
      services:
        db: {image: postgres:15}
        redis: {image: redis:7}
        api: {image: app, depends_on: [db, redis]}
        worker: {image: app, depends_on: [db, redis]}
      """;

  @TempDir
  Path work;

  @Test
  void aServiceRunsAfterItsDependenciesWithTheirResults() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    Map<String, String> results = ServiceGraph.run(project(STACK), (service, dependencies) -> {
      order.add(service.name());
      return service.name() + dependencies.keySet().stream().sorted().toList();
    });

    assertThat(results).containsEntry("api", "api[db, redis]").containsEntry("worker", "worker[db, redis]")
        .containsEntry("db", "db[]");
    assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("db", "redis");
    assertThat(order.subList(2, 4)).containsExactlyInAnyOrder("api", "worker");
  }

  @Test
  void servicesThatDoNotDependOnEachOtherRunSideBySide() throws Exception {
    // api and worker each wait for the other to have started: only side by side can both finish.
    CountDownLatch bothStarted = new CountDownLatch(2);
    Map<String, Boolean> results = ServiceGraph.run(project(STACK), (service, dependencies) -> {
      if (service.name().equals("api") || service.name().equals("worker")) {
        bothStarted.countDown();
        try {
          return bothStarted.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return false;
        }
      }
      return true;
    });

    assertThat(results).containsOnlyKeys("db", "redis", "api", "worker").doesNotContainValue(false);
  }

  @Test
  void theFirstFailureIsThrownAndItsDependentsNeverRun() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    PipelineException failure = new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "db would not start");

    assertThatThrownBy(() -> ServiceGraph.run(project(STACK), (service, dependencies) -> {
      ran.add(service.name());
      if (service.name().equals("db")) {
        throw failure;
      }
      return service.name();
    })).isSameAs(failure);
    assertThat(ran).contains("db").doesNotContain("api", "worker");
  }

  @Test
  void aFailureInterruptsWhatStillRunsOnOtherBranchesBeforeItIsThrown() throws Exception {
    CountDownLatch redisWaits = new CountDownLatch(1);
    AtomicBoolean redisInterrupted = new AtomicBoolean();

    assertThatThrownBy(() -> ServiceGraph.run(project(STACK), (service, dependencies) -> {
      if (service.name().equals("redis")) {
        redisWaits.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          redisInterrupted.set(true);
        }
        return service.name();
      }
      if (service.name().equals("db")) {
        try {
          redisWaits.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "db would not start");
      }
      return service.name();
    })).hasMessage("db would not start");
    assertThat(redisInterrupted).as("redis's wait was interrupted, and had ended, when the failure came out").isTrue();
  }

  @Test
  void anUncheckedFailureIsThrownAsItIs() {
    IllegalStateException failure = new IllegalStateException("engine gone");

    assertThatThrownBy(() -> ServiceGraph.run(project(STACK), (service, dependencies) -> {
      throw failure;
    })).isSameAs(failure);
  }

  ComposeProject project(String text) throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), "name: demo\n" + text);
    return new ComposeLoader(Map.of()).load(compose, Set.of());
  }
}
