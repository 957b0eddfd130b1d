package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduler stack's own compose file (a copy kept as a fixture). */
class SchedulerComposeTest {

  private static final Path FILE = Fixtures.path("scheduler/compose.yaml");

  @Test
  void loadsWithDefaults() throws Exception {
    ComposeProject project = new ComposeLoader(Map.of()).load(FILE, Set.of());

    assertThat(project.name()).isEqualTo("scheduler");
    assertThat(project.services()).containsOnlyKeys("api", "worker", "db", "redis");
    assertThat(project.services().keySet()).containsExactly("api", "worker", "db", "redis");

    ComposeService api = project.service("api");
    assertThat(api.image()).isEqualTo("scheduler-app:latest");
    assertThat(api.build().context()).isEqualTo(FILE.toAbsolutePath().getParent().resolve("app"));
    assertThat(api.build().dockerfile()).isEqualTo("Dockerfile");
    assertThat(api.environment())
        .containsEntry("SCHEDULER_ROLE", "api")
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/scheduler")
        .containsEntry("SCHEDULER_API_TOKEN", "")
        .containsEntry("SPRING_DATA_REDIS_PORT", "6379");
    assertThat(api.ports()).containsExactly(new PortMapping("127.0.0.1", "8000", 8000, "tcp"));
    assertThat(api.dependsOn())
        .containsEntry("db", new DependsOn(DependsOn.Condition.SERVICE_HEALTHY, true, false))
        .containsEntry("redis", new DependsOn(DependsOn.Condition.SERVICE_HEALTHY, true, false));
    assertThat(api.healthcheck().test())
        .containsExactly("CMD", "curl", "-fsS", "http://localhost:8000/actuator/health/readiness");
    assertThat(api.healthcheck().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(api.healthcheck().retries()).isEqualTo(30);
    assertThat(api.healthcheck().startPeriod()).isEqualTo(Duration.ofSeconds(60));
    assertThat(api.restart()).isEqualTo("unless-stopped");
    assertThat(api.limits()).isEqualTo(new ResourceLimits(1.0, 512L * 1024 * 1024));

    ComposeService db = project.service("db");
    assertThat(db.volumes())
        .containsExactly(new VolumeMount("volume", "db-data", "/var/lib/postgresql/data", false));
    assertThat(db.healthcheck().test())
        .containsExactly("CMD-SHELL", "pg_isready -U ${POSTGRES_USER} -d ${POSTGRES_DB}");
    assertThat(project.volumes().get("db-data").name()).isEqualTo("scheduler_db-data");
    assertThat(project.networks().get("default").name()).isEqualTo("scheduler_default");
  }

  @Test
  void environmentOverridesDefaults() throws Exception {
    Map<String, String> env =
        Map.of("API_PORT", "18000", "COMPOSE_PROJECT_NAME", "staging", "POSTGRES_DB", "sched");
    ComposeProject project = new ComposeLoader(env).load(FILE, Set.of());

    assertThat(project.name()).isEqualTo("staging");
    assertThat(project.service("api").ports().get(0).published()).isEqualTo("18000");
    assertThat(project.service("db").environment()).containsEntry("POSTGRES_DB", "sched");
    assertThat(project.volumes().get("db-data").name()).isEqualTo("staging_db-data");
  }

  @Test
  void startsDataServicesFirst() throws Exception {
    ComposeProject project = new ComposeLoader(Map.of()).load(FILE, Set.of());

    List<List<String>> layers =
        project.startLayers().stream()
            .map(layer -> layer.stream().map(ComposeService::name).toList())
            .toList();
    assertThat(layers).containsExactly(List.of("db", "redis"), List.of("api", "worker"));
  }

  @Test
  void configHashIsStableAndSensitive() throws Exception {
    ComposeProject first = new ComposeLoader(Map.of()).load(FILE, Set.of());
    ComposeProject again = new ComposeLoader(Map.of()).load(FILE, Set.of());
    ComposeProject changed = new ComposeLoader(Map.of("API_PORT", "9000")).load(FILE, Set.of());

    assertThat(first.service("api").configHash())
        .hasSize(64)
        .isEqualTo(again.service("api").configHash())
        .isNotEqualTo(changed.service("api").configHash());
    assertThat(first.service("db").configHash()).isEqualTo(changed.service("db").configHash());
  }
}
