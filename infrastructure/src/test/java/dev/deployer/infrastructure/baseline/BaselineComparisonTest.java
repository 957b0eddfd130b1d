package dev.deployer.infrastructure.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineComparisonTest {

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

    Baseline derived = BaselineComparison.fromCompose(project, "staging");

    assertThat(derived.captured().environment()).isEqualTo("staging");
    assertThat(derived.services().get("api").ports()).containsExactly(new Baseline.Port(8000, "tcp", "127.0.0.1", 18000));
    assertThat(derived.services().get("api").health())
        .containsExactly(new Baseline.Health("/actuator/health/readiness", 200, "UP", List.of()));
    assertThat(derived.services().get("db").health()).isEmpty();
    assertThat(derived.services().get("db").image()).isNull();
    assertThat(BaselineComparison.probeService(project)).contains("api");
  }

  private static BaselineComparison comparison(Map<String, Integer> ports) {
    return new BaselineComparison(BaselineFileTest.sample(), new BaselineComparison.Target("staging", null, ports,
        null, null, "127.0.0.1", null, null, Map.of(), Set.of(),
        dev.deployer.infrastructure.stack.StackContainers.compose("scheduler")));
  }
}
