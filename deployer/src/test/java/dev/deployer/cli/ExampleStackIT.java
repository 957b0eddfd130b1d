package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.baseline.Baseline;
import dev.deployer.infrastructure.baseline.BaselineFile;
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
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second example stack (examples/web-redis: busybox httpd and redis, nothing of the scheduler)
 * through every command with its own configuration only: deploy-and-verify, verify, monitor --once,
 * baseline capture and verify against it, and a rollback from a second release to the first. Its
 * own project and ports (30180, 30181).
 */
// Among the longest ITs: started first, so that the two lanes end together.
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleStackIT {

  static final String ENV = "local";
  static final String PROJECT = "example-it";
  static final int WEB_PORT = 30180;

  @TempDir
  static Path work;

  static Path config;
  static Path second;
  static ContainerEngine engine;
  static final OkHttpClient http = new OkHttpClient();

  @BeforeAll
  static void writeConfigs() throws IOException {
    Path example = TestStack.repositoryRoot().resolve("examples/web-redis");
    String text = Files.readString(example.resolve("deployment_config.yaml"))
        .replace("compose_file: compose.yaml", "compose_file: " + example.resolve("compose.yaml"))
        .replace("project: example-web-redis", "project: " + PROJECT)
        .replace("web: 30080", "web: " + WEB_PORT)
        .replace("redis: 30379", "redis: " + (WEB_PORT + 1))
        // Response times are measured by benchmarks, not asserted here: this shared machine is noisy.
        .replace("max_response_time: 1000ms", "max_response_time: 15s")
        .replace("min_throughput: 5", "min_throughput: 0.1");
    assertThat(text).contains(PROJECT).contains("web: " + WEB_PORT).contains("max_response_time: 15s");
    config = work.resolve("deployment_config.yaml");
    Files.writeString(config, text);
    second = work.resolve("second.yaml");
    Files.writeString(second, text.replace("  variables: {}", "  variables:\n    EXAMPLE_RELEASE: second"));
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    TestStack.run("down", config, work, ENV, "--volumes");
  }

  @AfterAll
  static void tearDown() {
    TestStack.takeDown(engine, config, work, ENV, PROJECT);
    engine.close();
  }

  @Test
  @Order(1)
  void deployAndVerifyProbesTheRoutesItsConfigNames() throws IOException {
    Run run = TestStack.run("deploy-and-verify", config, work, ENV, "--probe-seconds=2");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).extracting(c -> c.label(ComposeLabels.SERVICE))
        .containsExactlyInAnyOrder("web", "redis");
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).allMatch(ContainerInfo::healthy);
    assertThat(run.output()).contains("health web /cgi-bin/health");
    JsonNode performance = latest("performance");
    assertThat(performance.get("measured").get("routes")).extracting(route -> route.get("name").asText())
        .containsExactly("home page", "visits");
    assertThat(performance.get("measured").get("routes")).allSatisfy(route ->
        assertThat(route.get("requests").asInt()).isPositive());
    assertThat(visits()).contains("\"release\":\"first\"");
  }

  @Test
  @Order(2)
  void verifyAndMonitorOncePassWithTheConfiguredProbes() {
    Run verify = TestStack.run("verify", config, work, ENV, "--probe-seconds=2");
    assertThat(verify.exitCode()).as(verify.output()).isZero();

    Run monitor = TestStack.run("monitor", config, work, ENV, "--once");
    assertThat(monitor.exitCode()).as(monitor.output()).isZero();
    assertThat(monitor.output()).contains("healthy");
  }

  @Test
  @Order(3)
  void aCapturedBaselineRecordsEveryRouteAndVerifyComparesWithIt() {
    Path baseline = work.resolve("baseline.yaml");
    Run capture = capture("--output=" + baseline, "--probe-seconds=2", "--max-response-time=15000",
        "--min-throughput=0.1");
    assertThat(capture.exitCode()).as(capture.output()).isZero();
    Baseline captured = BaselineFile.read(baseline);
    assertThat(captured.services()).containsOnlyKeys("web", "redis");
    assertThat(captured.services().get("web").health()).extracting(Baseline.Health::path)
        .containsExactly("/cgi-bin/health");
    assertThat(captured.performance().service()).isEqualTo("web");
    assertThat(captured.performance().routes()).extracting(Baseline.Route::name).containsExactly("home page", "visits");

    Run verify = TestStack.run("verify", config, work, ENV, "--baseline=" + baseline, "--probe-seconds=2");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("performance web");
  }

  @Test
  @Order(4)
  void aSecondReleaseRollsBackToTheFirst() throws IOException {
    Run deploy = TestStack.run("deploy-and-verify", second, work, ENV, "--probe-seconds=2");
    assertThat(deploy.exitCode()).as(deploy.output()).isZero();
    assertThat(visits()).contains("\"release\":\"second\"");

    Run rollback = TestStack.run("rollback", second, work, ENV, "--yes");

    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(visits()).contains("\"release\":\"first\"");
  }

  /** {@code baseline capture} in-process, with the environment's options after the subcommand. */
  private static Run capture(String... extra) {
    StringWriter text = new StringWriter();
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(text, true));
    commandLine.setErr(new PrintWriter(text, true));
    List<String> args = new ArrayList<>(List.of("baseline", "capture", "--env", ENV, "--config=" + config,
        "--state-dir=" + work.resolve("state"), "--wait-timeout=240"));
    args.addAll(List.of(extra));
    return new Run(commandLine.execute(args.toArray(String[]::new)), text.toString());
  }

  private static String visits() throws IOException {
    try (Response response = http.newCall(new Request.Builder()
        .url("http://127.0.0.1:" + WEB_PORT + "/cgi-bin/visits").get().build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().string();
    }
  }

  private static JsonNode latest(String type) throws IOException {
    List<Path> reports = new ReportStore(work.resolve("state").resolve(ENV)).list(type);
    assertThat(reports).as(type + " reports").isNotEmpty();
    return ReportStore.json().readTree(reports.get(0).toFile());
  }
}
