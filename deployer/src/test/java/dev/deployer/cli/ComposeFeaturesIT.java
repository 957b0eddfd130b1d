package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `deployer compose up|down` on a file of its own (compose-features/compose.yaml): a host port
 * range, two networks (one internal and labelled), no default network when no service joins it,
 * one-shot jobs, and the labels `docker compose ps` reads. Host ports 18701-18705.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeFeaturesIT {

  static final String PROJECT = "deployer-features";

  @TempDir
  static Path work;

  static Path projectDir;
  static ContainerEngine engine;

  @BeforeAll
  static void copyFixture() throws IOException {
    projectDir = work.resolve("compose-features");
    Files.createDirectories(projectDir);
    try (InputStream fixture = ComposeFeaturesIT.class.getResourceAsStream("/compose-features/compose.yaml")) {
      Files.copy(fixture, projectDir.resolve("compose.yaml"));
    }
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    compose("down");
  }

  @AfterAll
  static void tearDown() {
    if (engine != null) {
      compose("down");
      engine.close();
    }
  }

  @Test
  @Order(1)
  void upStartsTheStackWithOneShotJobsCompleted() {
    DeployAndVerifyIT.Run up = compose("up");

    assertThat(up.exitCode()).as(up.output()).isZero();
    assertThat(up.output()).contains("migrate completed (exit code 0)");
    ContainerInfo migrate = container("migrate");
    assertThat(migrate.state()).isEqualTo("exited");
    assertThat(migrate.exitCode()).isZero();
    assertThat(container("redis").healthy()).isTrue();
    assertThat(container("web").running()).isTrue();
  }

  @Test
  @Order(2)
  void aHostPortRangeBindsOneFreePortOfItAndARangeToARangePortByPort() throws IOException {
    List<ContainerSpec.PublishedPort> ports = container("redis").ports();

    ContainerSpec.PublishedPort redis = ports.stream().filter(p -> p.containerPort() == 6379).findFirst().orElseThrow();
    assertThat(redis.hostPort()).isBetween(18701, 18703);
    assertThat(redis.hostIp()).isEqualTo("127.0.0.1");
    assertThat(ping(redis.hostPort())).isEqualTo("+PONG");
    assertThat(ports).contains(new ContainerSpec.PublishedPort("127.0.0.1", 18704, 16379, "tcp"),
        new ContainerSpec.PublishedPort("127.0.0.1", 18705, 16380, "tcp"));
  }

  @Test
  @Order(3)
  void theServiceIsReachableByNameOnEachOfItsNetworks() {
    // probe, on "back" only (redis's second network), could reach redis by name: it exited 0.
    await().atMost(Duration.ofSeconds(30)).until(() -> !container("probe").running());
    ContainerInfo probe = container("probe");
    assertThat(probe.state()).isEqualTo("exited");
    assertThat(probe.exitCode()).as(String.join("\n", engine.logs(probe.id(), 20))).isZero();
    // web, on "front" only (redis's first network).
    ContainerEngine.ExecResult fromFront = engine.exec(container("web").id(),
        // QUIT makes redis close the connection, so nc ends (busybox nc has no -z).
        List.of("sh", "-c", "printf 'PING\\r\\nQUIT\\r\\n' | nc -w 5 redis 6379 | grep -q PONG"), Duration.ofSeconds(20));
    assertThat(fromFront.exitCode()).as(fromFront.stdout() + fromFront.stderr()).isZero();
    assertThat(engine.networks(ComposeLabels.project(PROJECT)))
        .contains(PROJECT + "_front", PROJECT + "_back");
  }

  @Test
  @Order(4)
  void theNetworksCarryTheFilesSettingsAndTheUnusedDefaultNetworkIsNotCreated() {
    NetworkConfig back = engine.network(PROJECT + "_back").orElseThrow();
    assertThat(back.internal()).isTrue();
    assertThat(back.labels()).containsEntry("dev.deployer.test.tier", "back")
        .containsEntry(ComposeLabels.PROJECT, PROJECT).containsEntry(ComposeLabels.NETWORK, "back");
    NetworkConfig front = engine.network(PROJECT + "_front").orElseThrow();
    assertThat(front.internal()).isFalse();
    assertThat(front.labels()).doesNotContainKey("dev.deployer.test.tier");
    // No service is on the default network, so, as with Docker Compose, there is none.
    assertThat(engine.network(PROJECT + "_default")).isEmpty();
    assertThat(engine.networks(ComposeLabels.project(PROJECT)))
        .containsExactlyInAnyOrder(PROJECT + "_front", PROJECT + "_back");
  }

  @Test
  @Order(5)
  void containersCarryTheLabelsDockerComposeListsThemBy() {
    for (String service : List.of("migrate", "redis", "probe", "web")) {
      ContainerInfo container = container(service);
      assertThat(container.name()).isEqualTo(PROJECT + "-" + service + "-1");
      assertThat(container.labels())
          .containsEntry(ComposeLabels.PROJECT, PROJECT)
          .containsEntry(ComposeLabels.SERVICE, service)
          .containsEntry(ComposeLabels.NUMBER, "1")
          .containsEntry(ComposeLabels.ONEOFF, "False")
          .containsEntry(ComposeLabels.WORKING_DIR, projectDir.toAbsolutePath().normalize().toString())
          .containsEntry(ComposeLabels.CONFIG_FILES,
              projectDir.resolve("compose.yaml").toAbsolutePath().normalize().toString())
          .containsKey(ComposeLabels.CONFIG_HASH);
    }
  }

  @Test
  @Order(6)
  void downRemovesTheContainersAndTheProjectNetworks() {
    DeployAndVerifyIT.Run down = compose("down");

    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).isEmpty();
    assertThat(engine.networks(ComposeLabels.project(PROJECT))).isEmpty();
  }

  private static ContainerInfo container(String service) {
    List<ContainerInfo> found = engine.containers(ComposeLabels.service(PROJECT, service));
    assertThat(found).as("containers of " + service).hasSize(1);
    return found.get(0);
  }

  /** Redis's answer to PING through the published host port. */
  private static String ping(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = new byte[5];
      int read = socket.getInputStream().readNBytes(answer, 0, answer.length);
      return new String(answer, 0, read, StandardCharsets.US_ASCII);
    }
  }

  private static DeployAndVerifyIT.Run compose(String command) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text, true);
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(writer);
    commandLine.setErr(writer);
    int exitCode = commandLine.execute("compose", command, "--project-dir", projectDir.toString());
    return new DeployAndVerifyIT.Run(exitCode, text.toString());
  }
}
