package dev.deployer.infrastructure.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.LoadProbe;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import dev.deployer.infrastructure.config.DeploymentConfig.ValidationSettings;
import dev.deployer.infrastructure.config.ProbeSettings;
import dev.deployer.infrastructure.config.Publishing;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.StackContainers;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineComparisonTest {

  private static final OkHttpClient HTTP = new OkHttpClient();

  @TempDir
  Path directory;

  @Test
  void mapsASinglePublishedPortThroughTheEnvironmentsConfiguredPort() {
    BaselineComparison comparison = comparison(Map.of("api", 18000));

    List<PublishedPort> api = comparison.expectedPorts("api", BaselineFileTest.service(8000, 8000));
    List<PublishedPort> worker = comparison.expectedPorts("worker", BaselineFileTest.service(8001, 8001));

    assertThat(api).containsExactly(new PublishedPort("127.0.0.1", 18000, 8000, "tcp"));
    assertThat(worker).containsExactly(new PublishedPort("127.0.0.1", 8001, 8001, "tcp"));
  }

  @Test
  void derivesExpectationsFromTheComposeFileWhenThereIsNoBaseline() throws Exception {
    Path compose = directory.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          api:
            image: scheduler-app:latest
            labels:
              dev.deployer.health.path: /actuator/health/readiness
            ports: ["127.0.0.1:18000:8000"]
          db:
            image: postgres:15
            ports: ["127.0.0.1:15432:5432"]
        """);
    ComposeProject project = new ComposeLoader(Map.of()).load(compose, Set.of(), "scheduler-staging");

    Baseline derived = BaselineComparison.fromCompose(project, ProbeSettings.NONE, "staging");

    assertThat(derived.captured().environment()).isEqualTo("staging");
    assertThat(derived.services().get("api").ports()).containsExactly(new Baseline.Port(8000, "tcp", "127.0.0.1", 18000));
    assertThat(derived.services().get("api").health())
        .containsExactly(new Baseline.Health("/actuator/health/readiness", 200, "UP", List.of()));
    assertThat(derived.services().get("db").health()).isEmpty();
    assertThat(derived.services().get("db").image()).isNull();
    assertThat(BaselineComparison.apiService(project, ProbeSettings.NONE)).contains("api");
  }

  @Test
  void anEnvironmentPublishingOnlyTheApiExpectsNoHostPortForTheOthersAndItsChecksAgree() throws Exception {
    Path compose = directory.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          api:
            image: scheduler-app:latest
            labels:
              dev.deployer.health.path: /actuator/health/readiness
            ports: ["127.0.0.1:${API_PORT}:8000"]
          worker:
            image: scheduler-app:latest
            labels:
              dev.deployer.health.path: /actuator/health/readiness
            ports: ["127.0.0.1:${WORKER_PORT}:8001"]
        """);
    Publishing apiOnly = new Publishing(directory.resolve("deployment_config.yaml"),
        Map.of("api", new Publishing.Place("publish[0]", 3)));
    ComposeProject project = apiOnly.apply(new ComposeLoader(Map.of("API_PORT", "18450", "WORKER_PORT", "18451"))
        .load(compose, Set.of(), "scheduler-max"));
    Map<String, List<PublishedPort>> published = new HashMap<>(Map.of(
        "api", List.of(new PublishedPort("127.0.0.1", 18450, 8000, "tcp")),
        "worker", List.of(new PublishedPort("", 0, 8001, "tcp"))));
    BaselineComparison comparison = new BaselineComparison(BaselineFileTest.sample(), new BaselineComparison.Target(
        "production", project, Map.of("api", 18450, "worker", 18451), apiOnly, new ValidationSettings(
            SecurityLevel.MAXIMUM, Duration.ofSeconds(1), 10, 80, 80, 90, 50), engine(published), "127.0.0.1", HTTP,
        LoadProbe.Settings.DEFAULT, Map.of(), Set.of(), StackContainers.compose("scheduler-max"), ProbeSettings.NONE,
        Map.of()));

    List<Check> checks = comparison.checks();

    assertThat(project.service("worker").ports()).isEmpty();
    assertThat(comparison.expectedPorts("worker", BaselineFileTest.service(8001, 8001))).isEmpty();
    assertThat(checks).extracting(Check::name)
        .contains("ports api", "reachable api 18450->8000", "ports worker", "health worker (not published)",
            "health api /actuator/health/readiness", "security only public ports")
        .noneMatch(name -> name.startsWith("reachable worker") || name.startsWith("health worker /"));
    assertThat(run(checks, "ports worker").expected()).isEqualTo("nothing published");
    assertThat(run(checks, "ports worker").verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(run(checks, "ports api").verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(run(checks, "security only public ports").verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(run(checks, "health worker (not published)").verdict()).isEqualTo(CheckResult.Verdict.PASS);

    // The worker published after all: the ports check and the security check both fail it.
    published.put("worker", List.of(new PublishedPort("127.0.0.1", 18451, 8001, "tcp")));
    List<Check> again = new BaselineComparison(BaselineFileTest.sample(), new BaselineComparison.Target(
        "production", project, Map.of("api", 18450, "worker", 18451), apiOnly, new ValidationSettings(
            SecurityLevel.MAXIMUM, Duration.ofSeconds(1), 10, 80, 80, 90, 50), engine(published), "127.0.0.1", HTTP,
        LoadProbe.Settings.DEFAULT, Map.of(), Set.of(), StackContainers.compose("scheduler-max"), ProbeSettings.NONE,
        Map.of())).checks();
    assertThat(run(again, "ports worker").verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(run(again, "security only public ports").actual()).isEqualTo("worker publishes 8001 on 18451");
  }

  private static CheckResult run(List<Check> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().run();
  }

  /** An engine with one healthy running container per service, publishing the given ports. */
  private static ContainerEngine engine(Map<String, List<PublishedPort>> ports) {
    return (ContainerEngine) Proxy.newProxyInstance(BaselineComparisonTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "containers" -> {
            @SuppressWarnings("unchecked")
            String service = ((Map<String, String>) args[0]).get(ComposeLabels.SERVICE);
            yield (service == null ? ports.keySet() : Set.of(service)).stream()
                .map(name -> new ContainerInfo(name + "-id", "scheduler-max-" + name + "-1", "scheduler-app:r1",
                    "sha256:1", ComposeLabels.service("scheduler-max", name), "running", "healthy", 0, 0, false,
                    Instant.now(), ports.get(name)))
                .toList();
          }
          case "containerSettings" -> Optional.of(new ContainerSettings("10001", false, List.of(), Map.of(), 1_000_000_000L,
              512L << 20, List.of(), List.of()));
          case "imageConfig" -> Optional.empty();
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private static BaselineComparison comparison(Map<String, Integer> ports) {
    return new BaselineComparison(BaselineFileTest.sample(), new BaselineComparison.Target("staging", null, ports,
        Publishing.ALL, null, null, "127.0.0.1", null, null, Map.of(), Set.of(),
        StackContainers.compose("scheduler"), ProbeSettings.NONE, Map.of()));
  }
}
