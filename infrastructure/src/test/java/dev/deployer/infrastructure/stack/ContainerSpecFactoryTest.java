package dev.deployer.infrastructure.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.ContainerSpec.Network;
import dev.deployer.infrastructure.engine.ContainerSpec.PortBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContainerSpecFactoryTest {

  static ComposeProject project;

  @BeforeAll
  static void load() throws Exception {
    Path file = Path.of(ContainerSpecFactoryTest.class.getResource("/stack/container-spec/compose.yaml").toURI());
    project = new ComposeLoader(Map.of()).load(file, Set.of());
  }

  private static ContainerSpec spec(String service) {
    return ContainerSpecFactory.create(project, project.service(service), "image", "hash", "r1");
  }

  @Test
  void bindsHostRangesLikeCompose() {
    assertThat(spec("web").ports()).containsExactly(
        new PortBinding("", "8000-8002", 80, "tcp"),
        new PortBinding("127.0.0.1", "9000", 9000, "tcp"),
        new PortBinding("127.0.0.1", "9001", 9001, "tcp"),
        new PortBinding("", "", 3000, "tcp"),
        new PortBinding("127.0.0.1", "", 3001, "tcp"),
        new PortBinding("", "5000", 5000, "sctp"),
        new PortBinding("", "5300-5301", 53, "udp"));
  }

  @Test
  void joinsEveryListedNetworkUnderTheServiceName() {
    assertThat(spec("web").networks()).containsExactly(
        new Network("specs_front", List.of("web")),
        new Network("shared-back", List.of("web")));
    assertThat(spec("job").networks()).containsExactly(
        new Network("shared-back", List.of("job")),
        new Network("corp-net", List.of("job")));
  }

  @Test
  void aServiceWithoutNetworksJoinsTheProjectDefault() {
    assertThat(spec("db").networks()).containsExactly(new Network("specs_default", List.of("db")));
  }

  @Test
  void passesTheHealthcheckStartInterval() {
    ContainerSpec.Health health = spec("web").health();

    assertThat(health.startInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(health.startPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(health.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec("db").health().test()).containsExactly("NONE");
  }

  @Test
  void labelsTheContainerAsComposeDoes() {
    ContainerSpec web = spec("web");

    assertThat(web.name()).isEqualTo("specs-web-1");
    assertThat(web.labels()).containsEntry(ComposeLabels.PROJECT, "specs")
        .containsEntry(ComposeLabels.SERVICE, "web")
        .containsEntry(ComposeLabels.NUMBER, "1")
        .containsEntry(ComposeLabels.ONEOFF, "False")
        .containsEntry(ComposeLabels.CONFIG_HASH, "hash");
  }
}
