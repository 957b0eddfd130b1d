package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A blue/green stack of one IT on the real engine: two routed busybox web servers, {@code web} and
 * {@code worker}, behind the HAProxy edge on host ports {@code webPort} and {@code webPort + 1}, in
 * an environment and project of the IT's own. The IT gives what it differs in ({@link Services},
 * more proxy settings); the rest is here, with what the ITs do with it.
 */
final class BlueGreenTestStack implements AutoCloseable {

  static final String DEFAULT_PROXY_IMAGE = "haproxy:2.6";

  /**
   * The shell commands that write the health page, {@code {"status":"UP","release":"$RELEASE"}}:
   * for a post_start hook, so that the edge sees a color up only after its hook ran.
   */
  static final String WRITE_HEALTH_PAGE = """
      mkdir -p /www; echo "{\\"status\\":\\"UP\\",\\"release\\":\\"$$RELEASE\\"}" > /www/health""";

  /**
   * The compose file's parts of the IT's own, unindented: {@code app}, more keys of the x-app
   * anchor both services merge; {@code web} and {@code worker}, each service's keys besides the
   * anchor and its port; {@code more}, top-level sections after {@code services}.
   */
  record Services(String app, String web, String worker, String more) {}

  final ContainerEngine engine;
  private final Path work;
  private final String environment;
  private final String project;
  private final int webPort;
  private final String proxy;
  private final Path compose;

  private BlueGreenTestStack(ContainerEngine engine, Path work, String environment, String project, int webPort,
      String proxy, Path compose) {
    this.engine = engine;
    this.work = work;
    this.environment = environment;
    this.project = project;
    this.webPort = webPort;
    this.proxy = proxy;
    this.compose = compose;
  }

  /**
   * Writes the compose file into {@code work} and takes down whatever an earlier run left;
   * {@code proxy}: more lines of the {@code proxy} section, unindented ("" for none).
   */
  static BlueGreenTestStack start(Path work, String environment, String project, int webPort, String proxy,
      Services services) throws IOException {
    Path compose = work.resolve("compose.yaml");
    Files.writeString(compose, composeFile(services));
    ContainerEngine engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    BlueGreenTestStack stack = new BlueGreenTestStack(engine, work, environment, project, webPort, proxy, compose);
    stack.run("down", stack.config("r0", Map.of()), "--volumes");
    return stack;
  }

  /** The stack down with its volumes and release images, and the engine's client closed. */
  @Override
  public void close() throws IOException {
    try {
      TestStack.takeDown(engine, config("r0", Map.of()), work, environment, project);
    } finally {
      engine.close();
    }
  }

  String project() {
    return project;
  }

  int webPort() {
    return webPort;
  }

  /**
   * The environment for one release: its RELEASE and {@code variables}, both services behind the
   * edge from {@link #DEFAULT_PROXY_IMAGE}.
   */
  Path config(String release, Map<String, String> variables) throws IOException {
    return config(release, variables, DEFAULT_PROXY_IMAGE, List.of("web", "worker"));
  }

  /** {@link #config(String, Map)} with the edge from {@code proxyImage} in front of the {@code routed} services. */
  Path config(String release, Map<String, String> variables, String proxyImage, List<String> routed)
      throws IOException {
    Map<String, String> all = new TreeMap<>(variables);
    all.put("RELEASE", release);
    StringBuilder flow = new StringBuilder();
    all.forEach((name, value) -> flow.append(flow.isEmpty() ? "" : ", ").append(name).append(": \"").append(value)
        .append('"'));
    Path file = work.resolve("config-" + release + ".yaml");
    Files.writeString(file, CONFIG.formatted(project, compose, webPort, webPort + 1, flow, proxyImage,
        String.join(", ", routed), proxy.indent(4), environment));
    return file;
  }

  /** A deploy-and-verify with a load probe of 1 s. */
  Run deploy(Path config) {
    return run("deploy-and-verify", config, "--probe-seconds=1", "--wait-timeout=60");
  }

  Run run(String command, Path config, String... extra) {
    return TestStack.run(command, config, work, environment, extra);
  }

  /** {@code service}'s container of {@code color}, which must exist. */
  ContainerInfo color(String service, Color color) {
    return engine.container(EdgeContainer.colorContainerName(project, service, color)).orElseThrow();
  }

  /** The edge's container, which must exist. */
  ContainerInfo edge() {
    return engine.container(EdgeContainer.containerName(project)).orElseThrow();
  }

  /** The body of GET /health through the edge's port of web, which must answer 200. */
  String edgeHealth() throws IOException, InterruptedException {
    return health(webPort);
  }

  /** The body of GET /health on {@code port} of 127.0.0.1, which must answer 200. */
  static String health(int port) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The text of {@code path} in {@code container}, read with cat. */
  String cat(String container, String path) {
    ContainerEngine.ExecResult result = engine.exec(container, List.of("cat", path), Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  /** What {@code docker inspect -f format} prints for {@code container}, trimmed. */
  static String inspect(String container, String format) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("docker", "inspect", "-f", format, container).redirectErrorStream(true)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  private static String composeFile(Services services) {
    return """
        x-app: &app
          image: alpine:3.17
          command: [sh, -c, "mkdir -p /www && exec busybox httpd -f -p 8080 -h /www"]
          init: true
          healthcheck:
            test: [CMD, wget, -q, -O, /dev/null, "http://127.0.0.1:8080/health"]
            interval: 1s
            timeout: 3s
            retries: 30
        """ + services.app().indent(2) + """
        services:
          web:
            <<: *app
            ports: ["127.0.0.1:${WEB_PORT}:8080"]
        """ + services.web().indent(4) + """
          worker:
            <<: *app
            ports: ["127.0.0.1:${WORKER_PORT}:8080"]
        """ + services.worker().indent(4) + services.more();
  }

  private static final String CONFIG = """
      base:
        project: %s
        compose_file: %s
        app_profile: local
        docker: {host: "unix:///var/run/docker.sock", tls_verify: false, cert_path: ""}
        ports: {web: %d, worker: %d}
        variables: {%s}
        wait: {timeout: 60s}
        proxy:
          enabled: true
          image: %s
          services: [%s]
          keep_previous: 10m
          rollout: [100]
          drain: 500ms
          stop_previous: [worker]
      %s  probes:
          web:
            health: {path: /health, json: {status: UP}}
            performance:
              rate: 5
              routes:
                - {name: health, path: /health}
      """ + TestStack.SMALL_STACK_SETTINGS + "%s: {}\n";
}
