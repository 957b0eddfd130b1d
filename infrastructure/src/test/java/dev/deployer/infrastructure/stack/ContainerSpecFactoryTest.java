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
import org.junit.jupiter.api.io.TempDir;

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

  /** As Compose: highest priority first, the file's order among equals; link-local and MAC addresses per network. */
  @Test
  void joinsItsNetworksHighestPriorityFirst(@TempDir Path dir) throws Exception {
    ComposeProject p = load(dir, """
        name: prio
        services:
          app:
            image: alpine:3.17
            networks:
              a: {}
              b: {priority: 5}
              c: {priority: 100, link_local_ips: [169.254.1.1], mac_address: 02:42:ac:11:00:99}
              d: {}
        networks: {a: {}, b: {}, c: {}, d: {}}
        """);

    assertThat(ContainerSpecFactory.networks(p, p.service("app"))).containsExactly(
        new Network("prio_c", List.of("app"), null, null, List.of("169.254.1.1"), "02:42:ac:11:00:99"),
        new Network("prio_b", List.of("app")),
        new Network("prio_a", List.of("app")),
        new Network("prio_d", List.of("app")));
  }

  /**
   * Compose's mapping (docker/compose create.go): the reserved devices with their own capabilities,
   * then each gpus item asking for the "gpu" capability besides its own; external links as name:alias.
   */
  @Test
  void mapsGpusReservedDevicesAndExternalLinks(@TempDir Path dir) throws Exception {
    ComposeProject p = load(dir, """
        name: gpu
        services:
          app:
            image: alpine:3.17
            gpus: all
            external_links: [legacy-db, "cache:redis"]
            stdin_open: true
            tty: true
            platform: linux/amd64
            deploy:
              resources:
                reservations:
                  devices: [{driver: nvidia, device_ids: ["1"], capabilities: [compute]}]
        """);

    ContainerSpec.Options options = ContainerSpecFactory.create(p, p.service("app"), "alpine:3.17", "h", "r")
        .options();

    assertThat(options.extended().deviceRequests()).containsExactly(
        new ContainerSpec.DeviceRequest("nvidia", 0, List.of("1"), List.of(List.of("compute")), Map.of()),
        new ContainerSpec.DeviceRequest(null, -1, List.of(), List.of(List.of("gpu")), Map.of()));
    assertThat(options.links()).containsExactly("legacy-db:legacy-db", "cache:redis");
    assertThat(options.extended().stdinOpen()).isTrue();
    assertThat(options.extended().tty()).isTrue();
    assertThat(options.extended().platform()).isEqualTo("linux/amd64");
  }

  private static ComposeProject load(Path dir, String yaml) throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("compose.yaml"), yaml);
    return new ComposeLoader(Map.of()).load(file, Set.of());
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
