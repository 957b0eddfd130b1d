package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import dev.deployer.infrastructure.engine.ImageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class SecurityChecksTest {

  static final String COMPOSE = """
      environment:
        SPRING_DATASOURCE_PASSWORD: ${POSTGRES_PASSWORD:-scheduler-local-only}
        SCHEDULER_API_TOKEN: ${SCHEDULER_API_TOKEN:-}
        SCHEDULER_FAULT_LATENCY_MS: ${SCHEDULER_FAULT_LATENCY_MS:-0}
      """;

  final List<ServiceContainer> services = new ArrayList<>();

  @Test
  void basicPassesForTheStackAsComposeDefinesIt() {
    services.addAll(List.of(app("api", "127.0.0.1"), store("db", "127.0.0.1", "s3cret-from-vault")));

    List<CheckResult> results = run(SecurityLevel.BASIC, null);

    assertThat(results).extracting(CheckResult::name).containsExactly("security no privileged container",
        "security no docker socket", "security data stores on loopback");
    assertThat(results).allMatch(r -> r.verdict() == CheckResult.Verdict.PASS);
  }

  @Test
  void aDatabasePublishedOnAllInterfacesFails() {
    services.add(store("db", "0.0.0.0", "s3cret-from-vault"));

    assertThat(SecurityChecks.dataStoresBeyondLoopback(services)).containsExactly("db port 5432 published on 0.0.0.0:15432");
  }

  @Test
  void privilegedContainersAndTheDockerSocketFail() {
    ContainerSettings settings = new ContainerSettings("", true,
        List.of(new ContainerSettings.Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false)),
        Map.of(), 0, 0, List.of(), List.of());
    services.add(new ServiceContainer("agent", true, container(List.of()), settings, image("10001"), Set.of()));

    assertThat(SecurityChecks.privileged(services)).containsExactly("agent is privileged");
    assertThat(SecurityChecks.dockerSocket(services)).containsExactly("agent mounts /var/run/docker.sock at /var/run/docker.sock");
  }

  @Test
  void fullFindsRootAppsDefaultAndEmptySecretsAndMissingLimitsWithoutShowingSecrets() {
    ContainerSettings rootNoLimits = new ContainerSettings("", false, List.of(),
        Map.of("SPRING_DATASOURCE_PASSWORD", "scheduler-local-only", "SCHEDULER_API_TOKEN", ""), 0, 0, List.of(),
        List.of());
    services.add(new ServiceContainer("api", true, container(List.of()), rootNoLimits, image(""),
        Set.of("SPRING_DATASOURCE_PASSWORD", "SCHEDULER_API_TOKEN")));
    Set<String> defaults = SecurityChecks.defaultSecretValues(List.of(COMPOSE));

    assertThat(defaults).contains("scheduler-local-only").doesNotContain("0");
    assertThat(SecurityChecks.rootApps(services)).containsExactly("api runs as root (no user set)");
    assertThat(SecurityChecks.defaultSecrets(services, defaults)).containsExactly(
        "api: SCHEDULER_API_TOKEN is empty", "api: SPRING_DATASOURCE_PASSWORD has a default value");
    assertThat(SecurityChecks.missingLimits(services)).containsExactly("api has no CPU limit", "api has no memory limit");
  }

  @Test
  void dataStoresMayRunAsRootAndWithoutLimits() {
    services.add(store("db", "127.0.0.1", "s3cret-from-vault"));

    assertThat(SecurityChecks.rootApps(services)).isEmpty();
    assertThat(SecurityChecks.missingLimits(services)).isEmpty();
    assertThat(SecurityChecks.defaultSecrets(services, Set.of("scheduler-local-only"))).isEmpty();
  }

  @Test
  void theApiMustRefuseAnonymousCallersAtFull() throws Exception {
    services.add(app("api", "127.0.0.1"));
    try (TestHttpServer server = new TestHttpServer()) {
      List<CheckResult> open = run(SecurityLevel.FULL, server);
      server.status = 401;
      List<CheckResult> closed = run(SecurityLevel.FULL, server);

      assertThat(find(open, "security api token required").verdict()).isEqualTo(CheckResult.Verdict.FAIL);
      assertThat(find(open, "security api token required").actual()).contains("/members without a token answered 200");
      assertThat(find(closed, "security api token required").verdict()).isEqualTo(CheckResult.Verdict.PASS);
    }
  }

  @Test
  void maximumAllowsOnlyTheApiToPublishAndNeedsPinnedImagesAndHiddenDetails() throws Exception {
    services.addAll(List.of(app("api", "127.0.0.1"), store("db", "127.0.0.1", "s3cret-from-vault")));
    try (TestHttpServer server = new TestHttpServer()) {
      server.status = 401;
      server.body = "{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\",\"details\":{\"database\":\"PostgreSQL\"}}}}";

      List<CheckResult> results = run(SecurityLevel.MAXIMUM, server);

      assertThat(find(results, "security only public ports").actual()).isEqualTo("db publishes 5432 on 15432");
      assertThat(find(results, "security images pinned").verdict()).isEqualTo(CheckResult.Verdict.FAIL);
      assertThat(find(results, "security images pinned").actual()).contains("db runs other, the release pinned db");
      assertThat(find(results, "security health details hidden").actual()).contains("shows details");
    }
  }

  @Test
  void pinningIsUnknownWithoutAReleaseRecord() {
    services.add(app("api", "127.0.0.1"));

    CheckResult result = new RuleCheck("pinned", "security", "pinned",
        () -> SecurityChecks.unpinned(services, Map.of())).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
  }

  private List<CheckResult> run(SecurityLevel level, TestHttpServer server) {
    SecurityChecks.Target target = new SecurityChecks.Target(() -> services, new OkHttpClient(),
        server == null ? null : server.url(""), "/members",
        server == null ? List.of() : List.of(server.url("/actuator/health")), Set.of("scheduler-local-only"),
        Set.of("api"), Map.of("api", "sha256:api", "db", "sha256:db"));
    return SecurityChecks.forLevel(level, target).stream().map(Check::run).toList();
  }

  private static CheckResult find(List<CheckResult> results, String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private static ServiceContainer app(String name, String hostIp) {
    ContainerSettings settings = new ContainerSettings("", false, List.of(),
        Map.of("SCHEDULER_API_TOKEN", "a-real-token"), 1_000_000_000L, 512L << 20, List.of(), List.of());
    return new ServiceContainer(name, true, container(List.of(new PublishedPort(hostIp, 18000, 8000, "tcp")),
        "sha256:api"), settings, image("10001"), Set.of("SCHEDULER_API_TOKEN"));
  }

  private static ServiceContainer store(String name, String hostIp, String password) {
    ContainerSettings settings = new ContainerSettings("", false,
        List.of(new ContainerSettings.Mount("volume", "scheduler_db-data", "/var/lib/postgresql/data", false)),
        Map.of("POSTGRES_PASSWORD", password), 0, 0, List.of(), List.of());
    return new ServiceContainer(name, false, container(List.of(new PublishedPort(hostIp, 15432, 5432, "tcp")),
        "sha256:other"), settings, image(""), Set.of("POSTGRES_PASSWORD"));
  }

  private static ContainerInfo container(List<PublishedPort> ports) {
    return container(ports, "sha256:1");
  }

  private static ContainerInfo container(List<PublishedPort> ports, String imageId) {
    return new ContainerInfo("id", "name", "image", imageId, Map.of(), "running", "healthy", 0, 0, false,
        Instant.now(), ports);
  }

  private static ImageConfig image(String user) {
    return new ImageConfig("sha256:1", user, List.of(), List.of(), List.of());
  }
}
