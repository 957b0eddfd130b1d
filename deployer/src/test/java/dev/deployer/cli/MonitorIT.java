package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * `deployer monitor` against a real stack of its own (project scheduler-mon1, ports 18350-18353),
 * with one-second intervals: a healthy run; redis killed and restarted; a release with the
 * readiness fault (exactly one rollback request however long it keeps failing). A request that
 * waits for approval is drill 5 of RollbackDrillsIT: it needs a verified release to go back to,
 * and a failed deploy there is rolled back at once, so the fault must come after verification.
 */
// Among the longest ITs: started first, so that the two lanes end together.
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorIT {

  static final String ENV = "mon1";
  static final String PROJECT = "scheduler-mon1";
  static final int API_PORT = 18350;
  static final Map<String, String> FAULT = Map.of("SCHEDULER_FAULT_FAIL_READINESS", "true");
  static final String SETTINGS = "  validation:\n"
      + "    max_response_time: 15s\n" // a loaded 2-core machine; these tests are about failures, not speed
      + "    min_throughput: 1\n"
      + "    max_cpu_percent: 100\n"
      + "    max_memory_percent: 95\n"
      + "    max_disk_percent: 99\n";

  @TempDir
  static Path work;

  static Path good;
  static Path fault;
  static ContainerEngine engine;
  static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();

  @BeforeAll
  static void deployTheStack() throws IOException {
    good = config("good", Map.of(), "");
    fault = config("fault", FAULT, "\nmon1fault:\n  project: " + PROJECT + "\n  ports:\n    api: " + API_PORT
        + "\n    worker: " + (API_PORT + 1) + "\n    db: " + (API_PORT + 2) + "\n    redis: " + (API_PORT + 3)
        + "\n  variables:\n    SCHEDULER_FAULT_FAIL_READINESS: \"true\"\n" + SETTINGS);
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    cli(good, "down", ENV, "--volumes");
    Run deploy = cli(good, "deploy", ENV, "--wait-timeout=300");
    if (deploy.exitCode() != 0 && deploy.output().contains("wait for healthy FAILED")) {
      // Under heavy load a first start can outlast the health check's patience (or the worker's 2 s
      // redis connect, so it restarts); that is the app's start-up, not what this test is about,
      // and the second run finds the services up.
      deploy = cli(good, "deploy", ENV, "--wait-timeout=300");
    }
    assertThat(deploy.exitCode()).as(deploy.output()).isZero();
  }

  @AfterAll
  static void tearDown() {
    // The release ledger lives in this test's temporary state, so the image holds its deploys made go too.
    DeployAndVerifyIT.TestStack.takeDown(engine, good, work, ENV, PROJECT);
    engine.close();
  }

  @Test
  @Order(1)
  void onceOnAHealthyStackPassesEveryLevelAndWritesThePage() throws IOException {
    Run run = cli(good, "monitor", ENV, "--once");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("monitor mon1 (" + PROJECT + "): healthy; 23 checks, 0 failing");
    Run open = cli(good, "report", ENV, "open");
    assertThat(open.exitCode()).as(open.output()).isZero();
    Path page = Path.of(open.output().trim());
    assertThat(page).exists().hasExtension("html");
    assertThat(Files.readString(page)).contains("<polyline class=\"series\" data-check=\"readiness api\"")
        .contains("dependencies worker").contains("resources db").contains("disk engine data root");
  }

  @Test
  @Order(2)
  void killingRedisAlertsAtOnceThenDependenciesFailThenOneResolvedNoticeEach() throws Exception {
    Live monitor = start(good, "monitor", ENV, "--duration=150s", "--health-interval=1", "--metrics-interval=5",
        "--failure-threshold=1000");
    await().atMost(Duration.ofSeconds(60)).until(() -> monitor.output().contains("monitoring mon1"));
    Thread.sleep(3000);
    ContainerInfo redis = engine.containers(ComposeLabels.service(PROJECT, "redis")).get(0);

    Instant killed = Instant.now();
    engine.stopContainer(redis.id(), Duration.ZERO);

    Path log = work.resolve("state/mon1/monitor/alerts.log");
    await().atMost(Duration.ofSeconds(5)).until(() -> !lines(log, "CRITICAL FIRING [service] container redis").isEmpty());
    String alert = lines(log, "CRITICAL FIRING [service] container redis").get(0);
    assertThat(alert).contains("(engine event)");
    assertThat(Duration.between(killed, Instant.parse(alert.substring(0, alert.indexOf(' ')))))
        .isLessThan(Duration.ofSeconds(2));
    // Keep it down until the app notices: the restart policy may bring a killed container back by itself.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      engine.stopContainer(redis.id(), Duration.ZERO);
      return !lines(log, "FIRING [dependency] dependencies api").isEmpty();
    });
    assertThat(lines(log, "FIRING [dependency] dependencies api").get(0)).contains("redis=DOWN");

    engine.startContainer(redis.id());
    await().atMost(Duration.ofSeconds(50)).until(() -> !lines(log, "RESOLVED [service] container redis").isEmpty()
        && !lines(log, "RESOLVED [dependency] dependencies api").isEmpty());
    Thread.sleep(5000); // a few more rounds, in which a flapping check would fire again
    Run run = monitor.stop();

    for (String source : List.of("[service] container redis", "[dependency] dependencies api")) {
      assertThat(lines(log, "RESOLVED " + source)).as("one resolved notice per alert of " + source)
          .isNotEmpty().hasSameSizeAs(lines(log, "FIRING " + source));
    }
    assertThat(run.output()).contains("0 rollback request(s)");
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  @Order(3)
  void aReleaseThatKeepsFailingRaisesExactlyOneRollbackRequest() throws Exception {
    // An environment of its own state: no verified release, so the failed deploy is left running.
    Run deploy = cli(fault, "deploy", "mon1fault", "--wait-timeout=20");
    assertThat(deploy.exitCode()).as("the faulty release never becomes healthy\n" + deploy.output()).isNotZero();
    awaitReadinessFault();
    Path log = work.resolve("state/mon1fault/monitor/alerts.log");
    Live monitor = start(fault, "monitor", "mon1fault", "--duration=90s", "--health-interval=1",
        "--metrics-interval=5", "--failure-threshold=5");
    await().atMost(Duration.ofSeconds(45)).until(() -> !lines(log, "rollback requested").isEmpty());
    Thread.sleep(8000); // eight more failing rounds, none of which may raise a second request
    Run run = monitor.stop();

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(lines(log, "rollback requested")).hasSize(1);
    assertThat(lines(log, "rollback requested").get(0)).contains("consecutive times (threshold 5)");
    assertThat(run.output()).contains("1 rollback request(s)").containsPattern("rollback rb-\\S+: \\w+");
    Path report = Path.of(run.output().replaceFirst("(?s).*report: +(\\S+).*", "$1"));
    JsonNode readiness = null;
    for (JsonNode check : ReportStore.json().readTree(report.toFile()).get("checks")) {
      readiness = check.get("name").asText().equals("readiness api") ? check : readiness;
    }
    assertThat(readiness.get("failures").asInt()).as("it kept failing after the request").isGreaterThan(5);
    String page = Files.readString(Path.of(run.output().replaceFirst("(?s).*page: +(\\S+).*", "$1")));
    assertThat(page).contains("class=\"outcome fail\"").contains("class=\"alert rollback\"")
        .contains("<polyline class=\"series\" data-check=\"readiness api\"");
  }

  static Path config(String name, Map<String, String> variables, String extra) throws IOException {
    Path config = DeployAndVerifyIT.TestStack.writeConfig(Files.createDirectories(work.resolve(name)), ENV, PROJECT,
        API_PORT, variables);
    Files.writeString(config, Files.readString(config) + SETTINGS + extra);
    return config;
  }

  /** The faulty api is up (liveness) but not ready, so what the monitor sees is the fault, not a start-up. */
  private static void awaitReadinessFault() {
    await().atMost(Duration.ofSeconds(360)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
        .until(() -> status("/actuator/health/liveness") == 200 && readinessStatus() == 503);
  }

  private static int readinessStatus() throws IOException {
    return status("/actuator/health/readiness");
  }

  private static int status(String path) throws IOException {
    try (Response response = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + API_PORT + path).build())
        .execute()) {
      return response.code();
    }
  }

  private static List<String> lines(Path log, String containing) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    return Files.readAllLines(log).stream().filter(line -> line.contains(containing)).toList();
  }

  private static List<Path> files(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".json")).toList();
    }
  }

  record Run(int exitCode, String output) {}

  /** A CLI run in the background whose output can be read while it runs. */
  record Live(StringWriter text, CompletableFuture<Integer> exit, Thread thread) {
    String output() {
      return text.toString();
    }

    /** Bounded: a deploy on a loaded machine may take minutes, but not forever. */
    Run finish() throws Exception {
      return new Run(exit.get(15, TimeUnit.MINUTES), output());
    }

    /** Ends a monitor the way Ctrl-C does (an interrupt in-process): it still writes its report. */
    Run stop() throws Exception {
      thread.interrupt();
      return finish();
    }
  }

  static Run cli(Path config, String command, String environment, String... extra) {
    try {
      return start(config, command, environment, extra).finish();
    } catch (Exception e) {
      throw new AssertionError(command + " did not finish", e);
    }
  }

  /** Runs `deployer COMMAND [SUBCOMMAND] --env E --config ... --state-dir ...` in-process, in the background. */
  static Live start(Path config, String command, String environment, String... extra) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text, true);
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(writer);
    commandLine.setErr(writer);
    List<String> args = new ArrayList<>(List.of(command));
    List<String> rest = new ArrayList<>(List.of(extra));
    if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
      args.add(rest.remove(0)); // a subcommand: report open
    }
    args.addAll(List.of("--env", environment, "--config=" + config, "--state-dir=" + work.resolve("state")));
    args.addAll(rest);
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        exit.complete(commandLine.execute(args.toArray(String[]::new)));
      } catch (Throwable e) {
        exit.completeExceptionally(e);
      }
    }, "deployer " + command);
    thread.start();
    return new Live(text, exit, thread);
  }
}
