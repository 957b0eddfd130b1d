package dev.deployer.infrastructure.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.DeploySpec;
import dev.deployer.infrastructure.compose.UpdateConfig;
import dev.deployer.infrastructure.config.SwarmSettings.PublishMode;
import dev.deployer.infrastructure.config.SwarmSettings.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmSettingsTest {

  private static final Path REAL = Path.of("config/deployment_config.yaml");

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @TempDir
  Path directory;

  @Test
  void theRepositoryConfigTargetsComposeAndKeepsDataPortsUnpublishedOnSwarm() throws ConfigException {
    SwarmSettings local = loader.loadSwarm(REAL, "local");

    assertThat(local.target()).isEqualTo(Target.COMPOSE);
    assertThat(local.publish()).isEqualTo(PublishMode.EDGE);
    assertThat(local.edgeImage()).isEqualTo("haproxy:2.6");
    assertThat(local.service("db").publish()).isFalse();
    assertThat(local.service("redis").publish()).isFalse();
    assertThat(local.service("api")).isEqualTo(SwarmSettings.ServiceOverride.NONE);
  }

  @Test
  void anEnvironmentTargetsSwarmAndOverridesOneServiceKeyByKey() throws Exception {
    Path file = write("""
        base:
          target: compose
          swarm:
            publish: edge
            services:
              db: {publish: false}
        sw:
          target: swarm
          swarm:
            publish: ingress
            services:
              api:
                replicas: 3
                update_config: {parallelism: 1, delay: 2s, order: start-first, failure_action: rollback,
                                monitor: 20s, max_failure_ratio: 0.5}
                rollback_config: {order: start-first}
                healthcheck: {start_period: 3m, retries: 10}
        """);

    SwarmSettings settings = loader.loadSwarm(file, "sw");

    assertThat(settings.target()).isEqualTo(Target.SWARM);
    assertThat(settings.publish()).isEqualTo(PublishMode.INGRESS);
    assertThat(settings.service("db").publish()).isFalse();
    SwarmSettings.ServiceOverride api = settings.service("api");
    assertThat(api.replicas()).isEqualTo(3);
    assertThat(api.publish()).isTrue();
    assertThat(api.updateConfig()).isEqualTo(new UpdateConfig(1, Duration.ofSeconds(2), "start-first", "rollback",
        Duration.ofSeconds(20), 0.5));
    assertThat(api.rollbackConfig()).isEqualTo(new UpdateConfig(null, null, "start-first", null, null, null));
    assertThat(api.healthcheck()).isEqualTo(new SwarmSettings.HealthTiming(null, null, 10, Duration.ofMinutes(3)));
  }

  @Test
  void aRegistryAndAPlacementPerService() throws Exception {
    Path file = write("""
        base: {}
        bed:
          target: swarm
          swarm:
            registry: 127.0.0.1:5000
            services:
              db:
                placement: {constraints: [node.labels.deployer.db == true]}
              api:
                placement: {preferences: [node.id], max_replicas_per_node: 2}
        """);

    SwarmSettings settings = loader.loadSwarm(file, "bed");

    assertThat(settings.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(settings.service("db").placement())
        .isEqualTo(new DeploySpec.Placement(List.of("node.labels.deployer.db == true"), List.of(), null));
    assertThat(settings.service("api").placement()).isEqualTo(new DeploySpec.Placement(List.of(), List.of("node.id"), 2));
    assertThat(loader.loadSwarm(REAL, "local").registry()).isNull();
  }

  @Test
  void aRegistryIsAHostAndPortOnly() throws Exception {
    Path file = write("""
        base: {}
        bed:
          swarm: {registry: 127.0.0.1:5000/deployer}
        """);

    assertThatThrownBy(() -> loader.loadSwarm(file, "bed")).hasMessageContaining("expected host:port");
  }

  @Test
  void withoutTargetOrSwarmSectionsTheDefaultsApply() throws Exception {
    Path file = write("base: {}\nlocal: {}\n");

    assertThat(loader.loadSwarm(file, "local")).isEqualTo(SwarmSettings.DEFAULT);
  }

  @Test
  void aBadOrderIsRejectedWithItsLineAndKey() throws Exception {
    Path file = write("""
        base: {}
        sw:
          swarm:
            services:
              api:
                update_config:
                  order: sideways
        """);

    assertThatThrownBy(() -> loader.loadSwarm(file, "sw"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":7")
        .hasMessageContaining("swarm.services.api.update_config.order")
        .hasMessageContaining("start-first, stop-first");
  }

  @Test
  void anUnknownTargetOrKeyIsRejected() throws Exception {
    Path target = write("base: {}\nsw:\n  target: kubernetes\n");
    Path key = write("base: {}\nsw:\n  swarm:\n    services:\n      api: {replica: 3}\n");

    assertThatThrownBy(() -> loader.loadSwarm(target, "sw")).hasMessageContaining("target")
        .hasMessageContaining("expected compose or swarm");
    assertThatThrownBy(() -> loader.loadSwarm(key, "sw")).hasMessageContaining("swarm.services.api.replica")
        .hasMessageContaining("unknown key");
  }

  @Test
  void theFullLoadRejectsABadSwarmSectionToo() throws Exception {
    String real = Files.readString(REAL).replace("compose_file: ../../compose.yaml",
        "compose_file: " + REAL.toAbsolutePath().getParent().resolve("../../compose.yaml").normalize());
    Path file = write(real + "\nsw:\n  swarm:\n    publish: mesh\n");

    assertThatThrownBy(() -> loader.load(file, "sw")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("swarm.publish").hasMessageContaining("expected ingress or edge");
    assertThat(loader.load(file, "local").project()).isEqualTo("scheduler");
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(directory, "config", ".yaml");
    Files.writeString(file, text);
    return file;
  }
}
