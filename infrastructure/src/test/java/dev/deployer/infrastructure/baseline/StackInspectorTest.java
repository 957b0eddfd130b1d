package dev.deployer.infrastructure.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import dev.deployer.infrastructure.engine.ImageConfig;
import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A swarm stack whose db task runs on another node: what verify's image and security checks see of it. */
class StackInspectorTest {

  private static final String DB_IMAGE = "127.0.0.1:5000/postgres@sha256:4f0e";
  private static final ImageConfig POSTGRES = new ImageConfig("sha256:1fc4", "", List.of("docker-entrypoint.sh"),
      List.of("5432/tcp"), List.of("CMD-SHELL", "pg_isready"));

  @TempDir
  Path directory;

  private ComposeProject project;
  private final List<String> askedElsewhere = new ArrayList<>();

  @BeforeEach
  void loadProject() throws Exception {
    Path compose = directory.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          api:
            image: scheduler-app:latest
            labels:
              dev.deployer.health.path: /actuator/health/readiness
          db:
            image: postgres:15
            environment:
              POSTGRES_PASSWORD: s3cret
        """);
    project = new ComposeLoader(Map.of()).load(compose, Set.of(), "scheduler-mn1");
  }

  @Test
  void aServiceWithoutAContainerHereIsTakenFromItsTaskSpecWithItsImageFromThisEngine() {
    List<ServiceContainer> services = StackInspector.inspect(engine(), project, swarm());

    assertThat(services).extracting(ServiceContainer::service).containsExactly("api", "db");
    assertThat(askedElsewhere).as("api runs here: only db is looked for elsewhere").containsExactly("db");
    ServiceContainer db = services.get(1);
    assertThat(db.app()).isFalse();
    assertThat(db.container().name()).isEqualTo("db on deployer-swarm-bed-1");
    assertThat(db.container().imageId()).as("for the pinned-image rule").isEqualTo("sha256:1fc4");
    assertThat(db.container().ports()).containsExactly(new PublishedPort("", 5432, 5432, "tcp"));
    assertThat(db.image()).isEqualTo(POSTGRES);
    assertThat(db.effectiveUser()).as("the spec sets none: the image's").isEmpty();
    assertThat(db.runsAsRoot()).isTrue();
    assertThat(db.settings().entrypoint()).as("the image's, as a container would have it")
        .containsExactly("docker-entrypoint.sh");
    assertThat(db.settings().healthcheck()).containsExactly("CMD-SHELL", "pg_isready -U scheduler");
    assertThat(db.settings().environment()).containsEntry("POSTGRES_PASSWORD", "s3cret");
    assertThat(db.declaredEnvironment()).containsExactly("POSTGRES_PASSWORD");
  }

  @Test
  void theBaselineChecksOfARemoteTaskPassOnItsSpecAndReportItsDrift() {
    List<ServiceContainer> services = StackInspector.inspect(engine(), project, swarm());
    Baseline.ServiceBaseline db = new Baseline.ServiceBaseline(
        new Baseline.ImageBaseline("postgres:15", "sha256:1fc4", "", List.of("docker-entrypoint.sh"), List.of("5432/tcp")),
        List.of("CMD-SHELL", "pg_isready -U scheduler"), List.of(), List.of(), null,
        new Baseline.Security("", true, false, false, 0.5, 256));

    CheckResult image = Drifts.image("db", db, () -> find(services, "db")).run();
    CheckResult security = Drifts.security("db", db.security(), () -> find(services, "db")).run();
    CheckResult drifted = Drifts.security("db", new Baseline.Security("", true, false, false, 1.0, 256),
        () -> find(services, "db")).run();

    assertThat(image.verdict()).as(image.actual()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(security.verdict()).as(security.actual()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(drifted.actual()).isEqualTo("CPU limit is 0.5, baseline 1.0");
  }

  @Test
  void aServiceRunningNowhereIsLeftOutAsBefore() {
    StackContainers nowhere = SwarmLabels.containers("scheduler-mn1", service -> true, service -> Optional.empty());

    assertThat(StackInspector.inspect(engine(), project, nowhere)).extracting(ServiceContainer::service)
        .containsExactly("api");
  }

  private StackContainers swarm() {
    SwarmTaskContainer db = new SwarmTaskContainer("task1", "node2", "deployer-swarm-bed-1", "c0ffee", DB_IMAGE,
        new ContainerSettings("", false, List.of(new ContainerSettings.Mount("volume", "scheduler-mn1_pgdata",
            "/var/lib/postgresql/data", false)), Map.of("POSTGRES_PASSWORD", "s3cret"), 500_000_000L, 256L << 20,
            List.of(), List.of("CMD-SHELL", "pg_isready -U scheduler")),
        List.of(new PublishedPort("", 5432, 5432, "tcp")));
    return SwarmLabels.containers("scheduler-mn1", service -> true, service -> {
      askedElsewhere.add(service.substring(service.indexOf('_') + 1));
      return service.equals("scheduler-mn1_db") ? Optional.of(db) : Optional.empty();
    });
  }

  private static Optional<ServiceContainer> find(List<ServiceContainer> services, String name) {
    return services.stream().filter(s -> s.service().equals(name)).findFirst();
  }

  /** The manager's engine: api's task container runs here; the pushed postgres image is here by its digest. */
  private static ContainerEngine engine() {
    return (ContainerEngine) Proxy.newProxyInstance(StackInspectorTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "containers" -> {
            @SuppressWarnings("unchecked")
            String service = ((Map<String, String>) args[0]).get(SwarmLabels.SERVICE_NAME);
            yield "scheduler-mn1_api".equals(service) ? List.of(new ContainerInfo("api-id", "scheduler-mn1_api.1.x",
                "scheduler-app:r1", "sha256:20cb", Map.of(), "running", "healthy", 0, 0, false, Instant.now(),
                List.of())) : List.of();
          }
          case "containerSettings" -> Optional.of(new ContainerSettings("10001", false, List.of(), Map.of(),
              1_000_000_000L, 512L << 20, List.of(), List.of()));
          case "imageConfig" -> DB_IMAGE.equals(args[0]) ? Optional.of(POSTGRES) : Optional.empty();
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
