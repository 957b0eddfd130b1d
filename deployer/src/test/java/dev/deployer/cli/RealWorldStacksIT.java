package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ten real-world files (infrastructure/src/test/resources/conformance/realworld), phase up on
 * local images, one stack after another: `deployer compose up -f FILE` succeeds (so health and
 * completion conditions held), every long-running service runs (healthy where it has a health
 * check), every one-shot exited 0, one request through the published port answers, and `compose
 * down --volumes` leaves nothing. Each file is copied to a directory named rwNN, which names the
 * project where the file does not. Host ports 31081-31090 and 31443.
 */
class RealWorldStacksIT {

  private static final Path REAL_WORLD = Path.of("..", "infrastructure", "src", "test", "resources", "conformance",
      "realworld").toAbsolutePath().normalize();
  private static final String HTTP_GET = "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n";

  @TempDir
  static Path work;

  static ContainerEngine engine;

  /**
   * @param oneShots the services that run to completion
   * @param port the host port of the one request, 0 for none
   */
  record Case(String directory, Set<String> oneShots, int port, String request, String answer) {

    @Override
    public String toString() {
      return directory;
    }
  }

  static Stream<Case> files() {
    return Stream.of(
        // haproxy in TCP mode in front of redis.
        new Case("01-haproxy-redis-postgres", Set.of(), 31081, "PING\r\n", "+PONG"),
        new Case("02-wordpress-like", Set.of(), 31082, HTTP_GET.formatted("/"), "Hello from the blog"),
        new Case("03-java-api", Set.of("migrate"), 31083, HTTP_GET.formatted("/products"), "\"sku\":\"mug\""),
        // The exporter, in redis's network namespace, answers on redis's published port.
        new Case("04-cache-sidecar", Set.of("backup"), 31084, HTTP_GET.formatted("/metrics"), "redis_version:"),
        new Case("05-static-proxy", Set.of(), 31085, HTTP_GET.formatted("/"), "Static site"),
        new Case("06-worker-queue", Set.of("worker"), 0, null, null),
        // app logs in with the secret, so it exits 0 only if the secret reached both.
        new Case("07-secrets-db", Set.of("app"), 0, null, null),
        // app exits 0 only if it reached web and cache at their fixed addresses.
        new Case("08-ipam-fixed", Set.of("app"), 31088, HTTP_GET.formatted("/"), "intranet"),
        new Case("09-healthchecks", Set.of("migrate"), 31089, HTTP_GET.formatted("/health"), "api ready"),
        new Case("10-profiles-tools", Set.of(), 31090, HTTP_GET.formatted("/"), "dev site"));
  }

  @BeforeAll
  static void connect() {
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void comesUpAnswersAndGoesDown(Case file) throws Exception {
    Path dir = copy(file.directory());
    Path compose = dir.resolve("compose.yaml");
    String project = new ComposeLoader(Map.of()).load(compose, Set.of()).name();
    compose(dir, "down", "--volumes");
    try {
      Cli up = compose(dir, "up");
      assertThat(up.exit()).as(up.out() + up.err()).isZero();

      assertServices(new ComposeLoader(Map.of()).load(compose, Set.of()), file.oneShots());
      if (file.port() != 0) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .untilAsserted(() -> assertThat(exchange(file.port(), file.request(), file.answer())).contains(file.answer()));
      }
    } finally {
      Cli down = compose(dir, "down", "--volumes");
      assertThat(down.exit()).as(down.out() + down.err()).isZero();
    }
    assertThat(engine.containers(ComposeLabels.project(project))).isEmpty();
    assertThat(engine.networks(ComposeLabels.project(project))).isEmpty();
    assertThat(engine.volumes(ComposeLabels.project(project))).isEmpty();
  }

  private static void assertServices(ComposeProject project, Set<String> oneShots) {
    assertThat(project.services().keySet()).containsAll(oneShots);
    for (String service : project.services().keySet()) {
      List<ContainerInfo> containers = engine.containers(ComposeLabels.service(project.name(), service));
      assertThat(containers).as("containers of " + service).hasSize(1);
      ContainerInfo container = containers.get(0);
      if (oneShots.contains(service)) {
        ContainerInfo done = finished(container.id());
        assertThat(done.state()).as(service).isEqualTo("exited");
        assertThat(done.exitCode()).as(service + ": " + engine.logs(done.id(), 20)).isZero();
      } else {
        assertThat(container.running()).as(service + " runs").isTrue();
        // Null when neither the file nor the image declares a health check.
        assertThat(container.health()).as(service + " health").isIn(null, "healthy");
      }
    }
  }

  /** compose up waits for a one-shot to finish only when another service depends on its completion. */
  private static ContainerInfo finished(String id) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> engine.container(id).orElseThrow(), container -> !container.running());
  }

  /** The fixture directory copied to work/rwNN, so the project's state stays out of the source tree. */
  private static Path copy(String directory) throws IOException {
    Path source = REAL_WORLD.resolve(directory);
    Path target = work.resolve("rw" + directory.substring(0, 2));
    try (Stream<Path> files = Files.walk(source)) {
      for (Path path : files.toList()) {
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else if (!Files.exists(copy)) {
          Files.copy(path, copy);
        }
      }
    }
    return target;
  }

  private static Cli compose(Path dir, String command, String... options) {
    List<String> args = new ArrayList<>(List.of("compose", command, "--project-dir", dir.toString(),
        "-f", dir.resolve("compose.yaml").toString()));
    args.addAll(List.of(options));
    return Cli.execute(args.toArray(String[]::new));
  }

  /**
   * Sends {@code request} to 127.0.0.1:port and reads until the answer holds {@code expected}, the
   * server closes, or it is silent for 2 s.
   */
  private static String exchange(int port, String request, String expected) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[4096];
      try {
        for (int read; answer.indexOf(expected) < 0 && answer.length() < 65536
            && (read = socket.getInputStream().read(buffer)) >= 0; ) {
          answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
      } catch (SocketTimeoutException e) {
        // what came so far is the answer
      }
      return answer.toString();
    }
  }
}
