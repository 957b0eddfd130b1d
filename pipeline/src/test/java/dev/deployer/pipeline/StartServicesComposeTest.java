package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.VolumeConfig;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `deployer compose up`'s start step on an engine in memory, with compose files of its own: the
 * networks and volumes get the file's settings, and {@code depends_on.restart} restarts a
 * dependent whose dependency got a new container.
 */
class StartServicesComposeTest {

  @TempDir
  Path dir;

  FakeEngine engine;

  @BeforeEach
  void setUp() {
    engine = new FakeEngine();
  }

  /** Loads {@code yaml} and runs the start step with {@code images} (service → image id). */
  DeployContext up(String yaml, Map<String, String> images) throws Exception {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, yaml);
    DeployRequest request = new DeployRequest("compose", file, dir.resolve("state"), Map.of(), Duration.ofSeconds(5));
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> engine);
    new ComposeLoadStep(file, Set.of()).run(context);
    context.images().putAll(images);
    context.imageIds().putAll(images);
    new StartServicesStep().run(context);
    return context;
  }

  static final String RESTARTS = """
      name: restarts
      services:
        db:
          image: db
        api:
          image: app
          depends_on:
            db:
              condition: service_healthy
              restart: true
        worker:
          image: app
          depends_on:
            db:
              condition: service_started
      """;

  @Test
  void aDependentWithRestartTrueIsRestartedAfterItsDependencyIsRecreated() throws Exception {
    up(RESTARTS, Map.of("db", "db:1", "api", "app:1", "worker", "app:1"));
    String api = engine.box("restarts-api-1").id;
    String worker = engine.box("restarts-worker-1").id;
    engine.changes.clear();

    DeployContext second = up(RESTARTS, Map.of("db", "db:2", "api", "app:1", "worker", "app:1"));

    assertThat(second.serviceActions()).containsEntry("db", "recreated")
        .containsEntry("api", StartServicesStep.RESTARTED).containsEntry("worker", "unchanged");
    assertThat(engine.box("restarts-api-1").id).as("the same container, restarted").isEqualTo(api);
    assertThat(engine.box("restarts-api-1").state).isEqualTo("running");
    assertThat(engine.box("restarts-worker-1").id).isEqualTo(worker);
    assertThat(engine.changes).containsSubsequence("create restarts-db-1", "start restarts-db-1",
        "stop restarts-api-1", "start restarts-api-1");
    assertThat(engine.changes).noneMatch(change -> change.endsWith("restarts-worker-1"));
  }

  @Test
  void withoutANewDependencyContainerNothingIsRestarted() throws Exception {
    up(RESTARTS, Map.of("db", "db:1", "api", "app:1", "worker", "app:1"));
    engine.changes.clear();

    DeployContext again = up(RESTARTS, Map.of("db", "db:1", "api", "app:1", "worker", "app:1"));

    assertThat(again.serviceActions()).containsOnly(Map.entry("db", "unchanged"), Map.entry("api", "unchanged"),
        Map.entry("worker", "unchanged"));
    assertThat(engine.changes).isEmpty();
  }

  @Test
  void aDependentThatIsRecreatedItselfIsNotRestartedOnTop() throws Exception {
    up(RESTARTS, Map.of("db", "db:1", "api", "app:1", "worker", "app:1"));
    engine.changes.clear();

    DeployContext second = up(RESTARTS, Map.of("db", "db:2", "api", "app:2", "worker", "app:1"));

    assertThat(second.serviceActions()).containsEntry("db", "recreated").containsEntry("api", "recreated");
    assertThat(engine.changes).containsSubsequence("start restarts-db-1", "create restarts-api-1",
        "start restarts-api-1");
  }

  static final String RESOURCES = """
      name: res
      services:
        app:
          image: app
          networks: [front]
          volumes: [data:/data, outside:/outside]
      networks:
        front:
          driver: bridge
          driver_opts:
            com.docker.network.driver.mtu: 1400
          labels:
            tier: front
          internal: true
          attachable: true
        corp:
          external: true
      volumes:
        data:
          driver: local
          driver_opts: {type: tmpfs, device: tmpfs}
          labels: [backup=daily]
        outside:
          external: true
      """;

  @Test
  void networksAndVolumesAreCreatedWithTheFilesSettings() throws Exception {
    up(RESOURCES, Map.of("app", "app:1"));

    NetworkConfig front = engine.network("res_front").orElseThrow();
    assertThat(front.driver()).isEqualTo("bridge");
    assertThat(front.options()).isEqualTo(Map.of("com.docker.network.driver.mtu", "1400"));
    assertThat(front.labels()).containsEntry("tier", "front").containsEntry(ComposeLabels.PROJECT, "res")
        .containsEntry(ComposeLabels.NETWORK, "front");
    assertThat(front.internal()).isTrue();
    assertThat(front.attachable()).isTrue();
    VolumeConfig data = engine.volumeConfigs.get("res_data");
    assertThat(data.driver()).isEqualTo("local");
    assertThat(data.driverOpts()).isEqualTo(Map.of("type", "tmpfs", "device", "tmpfs"));
    assertThat(data.labels()).containsEntry("backup", "daily").containsEntry(ComposeLabels.VOLUME, "data");
    // External ones are not created; the default network is not created when no service joins it.
    assertThat(engine.networks).containsExactly("res_front");
    assertThat(engine.volumes).containsExactly("res_data");
  }

  @Test
  void theDefaultNetworkIsCreatedWhenAServiceJoinsIt() throws Exception {
    up("""
        name: plain
        services:
          app:
            image: app
        """, Map.of("app", "app:1"));

    assertThat(engine.networks).containsExactly("plain_default");
    assertThat(engine.network("plain_default").orElseThrow().internal()).isFalse();
  }

  static String hooks(String release) {
    return """
        name: hooks
        services:
          db:
            image: db
            environment: {RELEASE: %s}
            post_start: [{command: [db-up]}]
            pre_stop: [{command: [db-down]}]
          api:
            image: app
            depends_on:
              db: {condition: service_started, restart: true}
            post_start: [{command: [api-up]}]
            pre_stop: [{command: [api-down]}]
        """.formatted(release);
  }

  /** Compose's order: post_start right after each start; pre_stop right before each stop of a running container. */
  @Test
  void hooksRunAroundEveryStartAndStopOfTheirServicesContainers() throws Exception {
    up(hooks("one"), Map.of("db", "db:1", "api", "app:1"));
    assertThat(engine.changes).containsSubsequence("start hooks-db-1", "exec hooks-db-1 db-up", "start hooks-api-1",
        "exec hooks-api-1 api-up");
    engine.changes.clear();

    up(hooks("two"), Map.of("db", "db:1", "api", "app:1"));

    assertThat(engine.changes).containsSubsequence("exec hooks-db-1 db-down", "stop hooks-db-1", "remove hooks-db-1",
        "create hooks-db-1", "start hooks-db-1", "exec hooks-db-1 db-up",
        // depends_on.restart: the dependent is stopped and started as Compose does it, hooks included
        "exec hooks-api-1 api-down", "stop hooks-api-1", "start hooks-api-1", "exec hooks-api-1 api-up");
    engine.changes.clear();

    Path file = dir.resolve("compose.yaml");
    DeployRequest request = new DeployRequest("compose", file, dir.resolve("state"), Map.of(), Duration.ofSeconds(5));
    DeployContext down = new DeployContext(request, EventSink.NONE, settings -> engine);
    new ComposeLoadStep(file, Set.of()).run(down);
    new RemoveStackStep(false).run(down);

    assertThat(engine.changes).containsSubsequence("exec hooks-api-1 api-down", "stop hooks-api-1",
        "remove hooks-api-1", "exec hooks-db-1 db-down", "stop hooks-db-1", "remove hooks-db-1");
  }

  /** A failing pre_stop fails the recreate, as Compose's stop fails: the old container keeps running. */
  @Test
  void aFailingPreStopLeavesTheContainerRunningAndFailsTheStep() throws Exception {
    up(hooks("one"), Map.of("db", "db:1", "api", "app:1"));
    String db = engine.box("hooks-db-1").id;
    engine.failingCommands.add("db-down");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> up(hooks("two"), Map.of("db", "db:1", "api", "app:1")))
        .hasMessageContaining("service db: pre_stop hook [db-down] exited with status 1: failed");

    assertThat(engine.box("hooks-db-1").id).isEqualTo(db);
    assertThat(engine.box("hooks-db-1").state).isEqualTo("running");
  }
}
