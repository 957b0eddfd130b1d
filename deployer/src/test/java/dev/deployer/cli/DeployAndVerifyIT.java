package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The real deploy-and-verify of the scheduler stack on the real engine, in its own environment and ports. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployAndVerifyIT {

  static final String PROJECT = "scheduler-it";
  static final int API_PORT = 18180;
  static final String SECRET = "it-secret-token-4711";

  @TempDir
  static Path work;

  static Path config;
  static ContainerEngine engine;
  static final OkHttpClient http = new OkHttpClient();

  @BeforeAll
  static void writeConfig() throws IOException {
    config = TestStack.writeConfig(work, "it", PROJECT, API_PORT, java.util.Map.of("SCHEDULER_API_TOKEN", SECRET));
    // Response times are measured by benchmarks, not asserted here: this shared machine is noisy.
    Files.writeString(config, "  validation:\n    max_response_time: 15s\n    min_throughput: 0.1\n",
        java.nio.file.StandardOpenOption.APPEND);
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    TestStack.run("down", config, work, "it", "--volumes");
  }

  @AfterAll
  static void tearDown() {
    TestStack.takeDown(engine, config, work, "it", PROJECT);
    engine.close();
  }

  @Test
  @Order(1)
  void deploysVerifiesAndServesTheStack() throws IOException {
    Run run = TestStack.run("deploy-and-verify", config, work, "it");

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<ContainerInfo> containers = engine.containers(ComposeLabels.project(PROJECT));
    assertThat(containers).extracting(c -> c.label(ComposeLabels.SERVICE))
        .containsExactlyInAnyOrder("api", "worker", "db", "redis");
    assertThat(containers).allMatch(ContainerInfo::healthy);
    assertThat(containers).extracting(ContainerInfo::name)
        .contains(PROJECT + "-api-1", PROJECT + "-db-1");

    try (Response health = http.newCall(get("/actuator/health/readiness")).execute()) {
      assertThat(health.code()).isEqualTo(200);
      assertThat(health.body().string()).contains("\"status\":\"UP\"");
    }
    String id;
    try (Response created = http.newCall(new Request.Builder().url(url("/members"))
        .post(RequestBody.create("{\"name\":\"Emma\"}", MediaType.get("application/json"))).build()).execute()) {
      assertThat(created.code()).isEqualTo(201);
      id = ReportStore.json().readTree(created.body().string()).get("id").asText();
    }
    try (Response read = http.newCall(get("/members/" + id)).execute()) {
      assertThat(read.code()).isEqualTo(200);
      assertThat(ReportStore.json().readTree(read.body().string()).get("name").asText()).isEqualTo("Emma");
    }
    // The worker container (same image, the worker role) takes a plain-language request off the queue and books it.
    String request;
    try (Response accepted = http.newCall(new Request.Builder().url(url("/requests")).post(RequestBody.create(
        "{\"message\":\"Schedule the deploy review on December 3 at 2pm for Emma, 90 minutes\"}",
        MediaType.get("application/json"))).build()).execute()) {
      assertThat(accepted.code()).isEqualTo(202);
      request = ReportStore.json().readTree(accepted.body().string()).get("id").asText();
    }
    Awaitility.await("the worker books request " + request).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          try (Response read = http.newCall(get("/requests/" + request)).execute()) {
            JsonNode view = ReportStore.json().readTree(read.body().string());
            assertThat(view.get("status").asText()).as(view.toString()).isEqualTo("done");
          }
        });

    JsonNode report = latestReport();
    assertThat(report.get("result").asText()).isEqualTo("succeeded");
    assertThat(report.get("checks")).isNotEmpty();
    assertThat(report.get("variables").get("SCHEDULER_API_TOKEN").asText()).isEqualTo("********");
    assertThat(Files.readString(new ReportStore(work.resolve("state").resolve("it")).list("deployment").get(0)))
        .doesNotContain(SECRET);
  }

  @Test
  @Order(2)
  void redeployWithoutChangesLeavesEveryContainerRunning() throws IOException {
    List<String> before = engine.containers(ComposeLabels.project(PROJECT)).stream().map(ContainerInfo::id).sorted().toList();

    Path junit = work.resolve("junit/deploy.xml");
    Run run = TestStack.run("deploy-and-verify", config, work, "it", "--junit=" + junit);

    assertThat(run.exitCode()).as(run.output()).isZero();
    org.w3c.dom.Document xml = parseXml(junit);
    org.w3c.dom.NodeList cases = xml.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isGreaterThan(10);
    assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
    assertThat(xml.getDocumentElement().getAttribute("name")).isEqualTo("deployer.deploy-and-verify.it");
    List<String> after = engine.containers(ComposeLabels.project(PROJECT)).stream().map(ContainerInfo::id).sorted().toList();
    assertThat(after).isEqualTo(before);
    JsonNode services = latestReport().get("services");
    services.forEach(service -> assertThat(service.get("action").asText()).isEqualTo("unchanged"));
  }

  @Test
  @Order(3)
  void badConfigIsRejectedWithFileLineAndKeyAndChangesNothing() throws IOException {
    Path broken = work.resolve("broken.yaml");
    Files.writeString(broken, Files.readString(config).replace("security_level: basic", "security_levle: basic"));
    List<String> before = engine.containers(ComposeLabels.project(PROJECT)).stream().map(ContainerInfo::id).sorted().toList();

    Run run = TestStack.run("deploy-and-verify", broken, work, "it");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.output()).contains("broken.yaml:").contains("validation.security_levle").contains("unknown key");
    assertThat(engine.containers(ComposeLabels.project(PROJECT)).stream().map(ContainerInfo::id).sorted().toList())
        .isEqualTo(before);
  }

  @Test
  @Order(4)
  void dockerComposeV1RecognisesTheStack() throws Exception {
    Path root = TestStack.repositoryRoot();
    Process process = new ProcessBuilder("docker-compose", "-p", PROJECT, "-f", root.resolve("compose.yaml").toString(), "ps")
        .redirectErrorStream(true).start();
    String listing = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(listing).isZero();
    assertThat(listing).contains(PROJECT + "-api-1", PROJECT + "-worker-1", PROJECT + "-db-1", PROJECT + "-redis-1")
        .contains("Up (healthy)");
  }

  @Test
  @Order(5)
  void portHeldByAnotherProcessStopsTheDeployAtPreChecksAndChangesNothing() throws IOException {
    try (java.net.ServerSocket held = new java.net.ServerSocket()) {
      held.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      Path other = work.resolve("other");
      Files.createDirectories(other);
      Path otherConfig = TestStack.writeConfig(other, "it-port", "scheduler-it-port", held.getLocalPort());
      List<String> before = engine.containers(java.util.Map.of()).stream().map(ContainerInfo::id).sorted().toList();

      Run run = TestStack.run("deploy-and-verify", otherConfig, work, "it-port");

      assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.PRE_CHECK_FAILED);
      assertThat(run.output()).contains("127.0.0.1:" + held.getLocalPort())
          .contains("held by pid " + ProcessHandle.current().pid() + " (java)")
          .contains("nothing was changed");
      assertThat(engine.containers(java.util.Map.of()).stream().map(ContainerInfo::id).sorted().toList())
          .isEqualTo(before);
      assertThat(engine.networks(ComposeLabels.project("scheduler-it-port"))).isEmpty();
    }
  }

  private static org.w3c.dom.Document parseXml(Path file) {
    try {
      return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new AssertionError("JUnit XML " + file + " does not parse", e);
    }
  }

  private static JsonNode latestReport() throws IOException {
    Path report = new ReportStore(work.resolve("state").resolve("it")).list("deployment").get(0);
    return ReportStore.json().readTree(report.toFile());
  }

  private static Request get(String path) {
    return new Request.Builder().url(url(path)).get().build();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + API_PORT + path;
  }

  /** The outcome of one CLI invocation. */
  record Run(int exitCode, String output) {}

  /** Writes configs for test environments and runs the CLI in-process. */
  static final class TestStack {

    static Path repositoryRoot() {
      Path here = Path.of("").toAbsolutePath();
      return Files.exists(here.resolve("compose.yaml")) ? here : here.getParent();
    }

    /** The real deployment_config.yaml, plus an environment of the test's own with its own project and ports. */
    /**
     * The end of a {@code base} section for a small stack of stock images (no scheduler app): no
     * confirmation for a rollback, thresholds any healthy container meets, the other sections as the
     * config requires them.
     */
    static final String SMALL_STACK_SETTINGS = """
          rollback: {failure_threshold: 5, requires_confirmation: false, keep_releases: 5}
          validation:
            security_level: basic
            max_response_time: 15s
            min_throughput: 0.1
            max_cpu_percent: 100
            max_memory_percent: 100
            max_disk_percent: 100
            baseline_tolerance_percent: 1000
          monitoring: {health_check_interval: 15s, metrics_interval: 5s}
          alerts: {webhooks: {critical: "", warning: "", info: ""}}
          reports: {retention: {deployment: 30d, health: 7d, performance: 30d, validation: 30d, rollback: 90d}}
        """;

    static Path writeConfig(Path directory, String environment, String project, int apiPort) throws IOException {
      return writeConfig(directory, environment, project, apiPort, java.util.Map.of());
    }

    static Path writeConfig(Path directory, String environment, String project, int apiPort,
        java.util.Map<String, String> variables) throws IOException {
      Path root = repositoryRoot();
      String text = Files.readString(root.resolve("infrastructure/config/deployment_config.yaml"))
          .replace("compose_file: ../../compose.yaml", "compose_file: " + root.resolve("compose.yaml"));
      text += "\n" + environment + ":\n"
          + "  project: " + project + "\n"
          + "  ports:\n"
          + "    api: " + apiPort + "\n"
          + "    worker: " + (apiPort + 1) + "\n"
          + "    db: " + (apiPort + 2) + "\n"
          + "    redis: " + (apiPort + 3) + "\n";
      if (!variables.isEmpty()) {
        text += "  variables:\n";
        for (java.util.Map.Entry<String, String> variable : new java.util.TreeMap<>(variables).entrySet()) {
          text += "    " + variable.getKey() + ": \"" + variable.getValue() + "\"\n";
        }
      }
      Path file = directory.resolve("deployment_config.yaml");
      Files.writeString(file, text);
      return file;
    }

    /**
     * The end of a test class: its stack down with its volumes and its release images (holds and
     * release tags), so test runs do not pile up images on the machine.
     */
    static void takeDown(ContainerEngine engine, Path config, Path work, String environment, String project) {
      Run down = run("down", config, work, environment, "--volumes", "--images", "--yes");
      assertThat(down.exitCode()).as(down.output()).isZero();
      assertThat(engine.containers(ComposeLabels.project(project))).isEmpty();
      assertThat(engine.containers(java.util.Map.of(dev.deployer.rollback.ReleaseImages.HOLD, project))).isEmpty();
    }

    static Run run(String command, Path config, Path work, String environment, String... extra) {
      StringWriter text = new StringWriter();
      PrintWriter writer = new PrintWriter(text, true);
      picocli.CommandLine commandLine = DeployerCli.commandLine();
      commandLine.setOut(writer);
      commandLine.setErr(writer);
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command, "--env", environment,
          "--config=" + config, "--state-dir=" + work.resolve("state")));
      // Patience for a crowded machine, unless the test sets its own.
      if (java.util.Arrays.stream(extra).noneMatch(arg -> arg.startsWith("--wait-timeout"))) {
        args.add("--wait-timeout=240");
      }
      args.addAll(java.util.List.of(extra));
      int exitCode = commandLine.execute(args.toArray(String[]::new));
      return new Run(exitCode, text.toString());
    }
  }
}
