package dev.deployer.infrastructure.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.ContainerSpec.PortBinding;
import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeContainerTest {

  private static final EdgeConfig CONFIG = new EdgeConfig("scheduler", List.of(EdgeConfigTest.API,
      EdgeConfigTest.WORKER));

  @Test
  void theEdgeOwnsTheRoutesPortsAndOffersPreviewAndAdminOnEphemeralLoopbackPorts() {
    ContainerSpec spec = EdgeContainer.spec(CONFIG, "haproxy:2.6", List.of("scheduler_default"));

    assertThat(spec.name()).isEqualTo("scheduler-edge");
    assertThat(spec.image()).isEqualTo("haproxy:2.6");
    assertThat(spec.ports()).containsExactly(
        new PortBinding("127.0.0.1", "8000", 8000, "tcp"),
        new PortBinding("", "8001", 8001, "tcp"),
        new PortBinding("127.0.0.1", "", 9100, "tcp"),
        new PortBinding("127.0.0.1", "", 9101, "tcp"),
        new PortBinding("127.0.0.1", "", 9999, "tcp"));
    assertThat(spec.environment()).containsExactly(Map.entry("HAPROXY_CFG", CONFIG.text()));
    assertThat(spec.command()).containsExactly("sh", "-c", EdgeContainer.HOST_ADDRESS_SETUP
        + "{ [ -f /tmp/haproxy.cfg.reloaded ] || printf '%s\\n' \"$HAPROXY_CFG\" > /tmp/haproxy.cfg; }"
        + " && exec haproxy -W -db -f /tmp/haproxy.cfg");
    assertThat(EdgeContainer.HOST_ADDRESS_SETUP).startsWith("EDGE_HOST_ADDRESS=$(awk '")
        .contains("/proc/net/route").endsWith(" && export EDGE_HOST_ADDRESS=${EDGE_HOST_ADDRESS:-255.255.255.255} && ");
    assertThat(spec.entrypoint()).isEmpty();
    assertThat(spec.restartPolicy()).isEqualTo("unless-stopped");
    assertThat(spec.networks()).containsExactly(new ContainerSpec.Network("scheduler_default", List.of("edge")));
    assertThat(spec.labels()).containsEntry(ComposeLabels.PROJECT, "scheduler")
        .containsEntry(ComposeLabels.SERVICE, "edge")
        .containsKey(EdgeContainer.CONFIG_HASH_LABEL);
    assertThat(EdgeContainer.configHash(spec)).matches("[0-9a-f]{64}");
  }

  @Test
  void theHashChangesWithWhatTheEdgeIsMadeOfAndOnlyThen() {
    String hash = EdgeContainer.configHash(EdgeContainer.spec(CONFIG, "haproxy:2.6", List.of("n")));

    assertThat(EdgeContainer.configHash(EdgeContainer.spec(new EdgeConfig("scheduler", CONFIG.routes()),
        "haproxy:2.6", List.of("n")))).isEqualTo(hash);
    assertThat(EdgeContainer.configHash(EdgeContainer.spec(CONFIG, "haproxy:2.8", List.of("n")))).isNotEqualTo(hash);
    assertThat(EdgeContainer.configHash(EdgeContainer.spec(CONFIG, "haproxy:2.6", List.of("m")))).isNotEqualTo(hash);
    EdgeConfig otherBind = new EdgeConfig("scheduler", List.of(new Route("api", "0.0.0.0", 8000, 8000,
        "/actuator/health/readiness"), EdgeConfigTest.WORKER));
    assertThat(EdgeContainer.configHash(EdgeContainer.spec(otherBind, "haproxy:2.6", List.of("n"))))
        .isNotEqualTo(hash);
  }

  @Test
  void theContainerHashLeavesOutTheTextWhichAReloadChanges() {
    String hash = EdgeContainer.containerHash(EdgeContainer.spec(CONFIG, "haproxy:2.6", List.of("n")));
    EdgeConfig otherCheck = new EdgeConfig("scheduler", List.of(new Route("api", "127.0.0.1", 8000, 8080, null),
        EdgeConfigTest.WORKER));

    assertThat(hash).matches("[0-9a-f]{64}");
    assertThat(otherCheck.text()).isNotEqualTo(CONFIG.text());
    assertThat(EdgeContainer.containerHash(EdgeContainer.spec(otherCheck, "haproxy:2.6", List.of("n"))))
        .isEqualTo(hash);
    assertThat(EdgeContainer.configHash(EdgeContainer.spec(otherCheck, "haproxy:2.6", List.of("n"))))
        .isNotEqualTo(EdgeContainer.configHash(EdgeContainer.spec(CONFIG, "haproxy:2.6", List.of("n"))));
    assertThat(EdgeContainer.containerHash(EdgeContainer.spec(CONFIG, "haproxy:2.8", List.of("n"))))
        .isNotEqualTo(hash);
    assertThat(EdgeContainer.containerHash(EdgeContainer.spec(CONFIG, "haproxy:2.6", List.of("m"))))
        .isNotEqualTo(hash);
    assertThat(EdgeContainer.configText(EdgeContainer.spec(otherCheck, "haproxy:2.6", List.of("n"))))
        .isEqualTo(otherCheck.text());
  }

  @Test
  void theHostPortsTheEngineChoseAreReadBackFromTheContainer() {
    ContainerInfo edge = new ContainerInfo("id", "scheduler-edge", "haproxy:2.6", "sha256:x", Map.of(), "running",
        null, 0, 0, false, null, List.of(
            new PublishedPort("127.0.0.1", 8000, 8000, "tcp"),
            new PublishedPort("127.0.0.1", 41234, 9100, "tcp"),
            new PublishedPort("", 0, 9101, "tcp"),
            new PublishedPort("127.0.0.1", 41236, 9999, "tcp")));

    assertThat(EdgeContainer.hostPort(edge, CONFIG.previewPort(EdgeConfigTest.API))).hasValue(41234);
    assertThat(EdgeContainer.hostPort(edge, EdgeConfig.ADMIN_PORT)).hasValue(41236);
    assertThat(EdgeContainer.hostPort(edge, 9101)).isEmpty();
    assertThat(EdgeContainer.runtime(edge)).isNotNull();
  }

  @Test
  void colorsNameTheirContainersAndTheOtherColor() {
    assertThat(EdgeContainer.colorContainerName("scheduler", "api", Color.BLUE)).isEqualTo("scheduler-api-blue");
    assertThat(EdgeContainer.colorContainerName("scheduler", "worker", Color.GREEN))
        .isEqualTo("scheduler-worker-green");
    assertThat(Color.BLUE.other()).isEqualTo(Color.GREEN);
    assertThat(Color.GREEN.other()).isEqualTo(Color.BLUE);
    assertThat(Color.parse("green")).contains(Color.GREEN);
    assertThat(Color.parse("GREEN")).isEmpty();
    assertThat(EdgeContainer.COLOR_LABEL).isEqualTo("dev.deployer.color");
  }

  @Test
  void theEdgeJoinsTheNetworksOfTheRoutedServices() throws Exception {
    ComposeProject project = new ComposeLoader(Map.of()).load(Path.of("../compose.yaml"), Set.of(), "scheduler");

    assertThat(EdgeContainer.networks(project, CONFIG.routes())).containsExactly("scheduler_default");
  }
}
