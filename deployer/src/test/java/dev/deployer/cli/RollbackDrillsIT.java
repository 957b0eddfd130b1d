package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.BackupStore;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseImages;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import dev.deployer.rollback.RollbackRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback drills on the real engine, in an environment of their own (project scheduler-rb1,
 * ports 18200-18203). One verified release v1 is shared; bad releases come from the app's fault
 * injection, set through the environment's variables.
 */
// Among the longest ITs: started first, so that the two lanes end together.
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackDrillsIT {

  static final String ENV = "rb1";
  static final String PROJECT = "scheduler-rb1";
  static final int API_PORT = 18200;

  @TempDir
  static Path work;

  static Path good;
  static Path readinessFault;
  static Path refusesToStart;
  static ContainerEngine engine;
  static final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
  static String v1;
  /** v1's api and worker container ids: a rollback after a deploy that never got healthy restarts these very ones. */
  static Map<String, String> v1Containers;

  @BeforeAll
  static void writeConfigs() throws IOException {
    good = config("good", Map.of());
    readinessFault = config("readiness-fault", Map.of("SCHEDULER_FAULT_FAIL_READINESS", "true"));
    refusesToStart = config("refuses-to-start", Map.of("SCHEDULER_FAULT_REFUSE_START", "true"));
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    TestStack.run("down", good, work, ENV, "--volumes");
  }

  @AfterAll
  static void tearDown() {
    TestStack.takeDown(engine, good, work, ENV, PROJECT);
    engine.close();
  }

  @Test
  @Order(1)
  void aVerifiedReleaseIsRecordedBackedUpAndHeld() throws IOException {
    Run run = TestStack.run("deploy-and-verify", good, work, ENV);
    if (run.exitCode() != 0) {
      // This shared machine is sometimes too loaded for a first start; v1 is the drills' baseline, not their subject.
      System.err.println("first deploy of v1 failed, once more from a clean stack:\n" + run.output());
      TestStack.run("down", good, work, ENV);
      run = TestStack.run("deploy-and-verify", good, work, ENV);
    }

    assertThat(run.exitCode()).as(run.output()).isZero();
    Release release = ledger().current().orElseThrow();
    v1 = release.id();
    assertThat(release.status()).isEqualTo(ReleaseStatus.VERIFIED);
    assertThat(release.flywayVersion()).isNotNull();
    assertThat(release.services().get("api").image()).isEqualTo("scheduler-app:" + v1);
    assertThat(engine.containers(Map.of(ReleaseImages.HOLD, PROJECT)))
        .extracting(c -> c.label(ComposeLabels.RELEASE)).contains(v1);
    assertThat(new BackupStore(state()).manifest(v1)).isPresent();
    assertThat(cli("backup", "verify").exitCode()).isZero();
    assertThat(cli("releases").output()).contains("* " + v1).contains("verified");
    v1Containers = Map.of("api", container("api").id(), "worker", container("worker").id());
    assertThat(engine.keptContainers(ComposeLabels.project(PROJECT))).isEmpty();
    for (String name : List.of("Ada", "Grace", "Edsger")) {
      createMember(name);
    }
  }

  @Test
  @Order(2)
  void drills1and3_aReleaseThatNeverGetsReadyIsRolledBackAndKeepsEveryRow() throws Exception {
    CompletableFuture<Run> deploy = CompletableFuture.supplyAsync(
        // Its readiness never comes up: a minute is enough to say so (the health check would take two).
        () -> TestStack.run("deploy-and-verify", readinessFault, work, ENV, "--wait-timeout=60"));
    List<String> during = new ArrayList<>();
    try {
      awaitApiOfAnotherRelease(deploy);
      // The bad release serves requests (only its readiness is down): rows written now must survive.
      for (String name : List.of("Barbara", "Donald")) {
        if (tryCreateMember(name, deploy)) {
          during.add(name);
        }
      }
    } finally {
      deploy.get(10, TimeUnit.MINUTES);
    }
    Run run = deploy.get();

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(run.output()).contains("rolled back to release " + v1 + " (api, worker restarted; db, redis unchanged)")
        .contains("api restarted (the kept container of release " + v1 + ", not rebuilt)");
    assertThat(during).as("rows written while the bad release ran").isNotEmpty();
    ContainerInfo api = container("api");
    assertThat(api.label(ComposeLabels.RELEASE)).isEqualTo(v1);
    // Ready by its readiness endpoint; the engine's own health check says so within its interval.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> container("api").healthy());
    assertThat(api.id()).as("a restart of v1's own api container, not a new one").isEqualTo(v1Containers.get("api"));
    assertThat(api.name()).isEqualTo(PROJECT + "-api-1");
    assertThat(container("worker").id()).as("a restart of v1's own worker container").isEqualTo(v1Containers.get("worker"));
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).hasSize(4);
    assertThat(engine.keptContainers(ComposeLabels.project(PROJECT))).as("the failed release's containers are gone")
        .isEmpty();
    List<String> expected = new ArrayList<>(List.of("Ada", "Grace", "Edsger"));
    expected.addAll(during);
    assertThat(memberNames()).as("every row, and only those, in count and content").containsExactlyInAnyOrderElementsOf(expected);
    Release v2 = latest();
    assertThat(v2.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(ledger().current().map(Release::id)).contains(v1);
    JsonNode report = latestRollbackReport();
    assertThat(report.get("result").asText()).isEqualTo("succeeded");
    assertThat(report.get("trigger").asText()).isEqualTo("deploy");
    assertThat(report.get("from").asText()).isEqualTo(v2.id());
    assertThat(report.get("to").asText()).isEqualTo(v1);
    assertThat(report.get("timeline")).extracting(step -> step.get("step").asText())
        .contains("start services", "wait for healthy", "verify endpoints");
    assertThat(report.get("timeline")).filteredOn(step -> step.get("step").asText().equals("start services"))
        .singleElement().satisfies(step -> assertThat(step.get("message").asText())
            .isEqualTo("api, worker restarted; db, redis unchanged"));
    assertThat(audit()).extracting(AuditRecord::action, AuditRecord::to, AuditRecord::result)
        .contains(org.assertj.core.groups.Tuple.tuple("deploy", v2.id(), "failed"),
            org.assertj.core.groups.Tuple.tuple("rollback", v1, "done"));
  }

  @Test
  @Order(3)
  void aSchemaAheadOfTheTargetStopsTheRollbackWithExit4AndChangesNothing() throws Exception {
    CompletableFuture<Run> deploy = CompletableFuture.supplyAsync(
        () -> TestStack.run("deploy-and-verify", refusesToStart, work, ENV));
    ContainerInfo bad;
    try {
      bad = awaitContainerOfAnotherRelease("api", deploy);
      // What a bad release's migration leaves behind: a schema version the previous release does not know.
      ContainerEngine.ExecResult migrated = engine.exec(container("db").id(), List.of("sh", "-c",
          "psql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -c \"insert into flyway_schema_history (installed_rank,"
              + " version, description, type, script, checksum, installed_by, execution_time, success)"
              + " values (99, '99', 'drill', 'SQL', 'V99__drill.sql', 0, 'drill', 0, true)\""), Duration.ofSeconds(30));
      assertThat(migrated.exitCode()).as(migrated.stderr()).isZero();
    } finally {
      deploy.get(10, TimeUnit.MINUTES);
    }
    Run run = deploy.get();

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.ROLLBACK_FAILED);
    assertThat(run.output()).contains("ahead of release " + v1).contains("operator: Nothing was changed");
    assertThat(container("api").label(ComposeLabels.RELEASE)).isEqualTo(bad.label(ComposeLabels.RELEASE));
    JsonNode report = latestRollbackReport();
    assertThat(report.get("result").asText()).isEqualTo("failed");
    assertThat(report.get("operatorAction").asText()).contains("--restore-data").contains("Nothing was changed");
    assertThat(ledger().current().map(Release::status)).contains(ReleaseStatus.FAILED);
  }

  @Test
  @Order(4)
  void drill4_restoreDataRestoresThePreDeployDumpAfterSayingWhatIsLost() throws Exception {
    Run run = cli("rollback", "--restore-data", "--yes", "--reason", "schema drill");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("-> " + v1).contains("rows lost: ").contains("public.flyway_schema_history: 1 rows");
    String restored = latest().id();
    BackupManifest backup = new BackupStore(state()).manifest(restored).orElseThrow();
    assertThat(backup.runningRelease()).isEqualTo(v1);
    assertThat(memberNames()).hasSize(backup.database().rowCounts().get("public.member").intValue());
    assertThat(query("select max(version::int) from flyway_schema_history")).isEqualTo(
        backup.database().flywayVersion());
    assertThat(container("api").label(ComposeLabels.RELEASE)).isEqualTo(v1);
    assertThat(ledger().current().map(Release::id)).contains(v1);
    assertThat(audit()).anySatisfy(record -> {
      assertThat(record.action()).isEqualTo("rollback");
      assertThat(record.reason()).isEqualTo("schema drill");
      assertThat(record.details()).containsEntry("restoredBackup", restored).containsKey("rowsLost");
    });
  }

  @Test
  @Order(5)
  void drill2_aReleaseThatCrashesAfterItsDeployIsRolledBackByTheMonitorAtTheThreshold() throws Exception {
    List<String> before = memberNames();
    Path crashes = config("crashes", Map.of("SCHEDULER_FAULT_CRASH_AFTER_SECONDS", "20"));
    Run deploy = TestStack.run("deploy", crashes, work, ENV);
    assertThat(deploy.exitCode()).as("it crashes only 20 s after its start\n" + deploy.output()).isZero();
    String v5 = ledger().current().orElseThrow().id();
    assertThat(v5).isNotEqualTo(v1);

    Run monitor = cli(crashes, "monitor", "--duration", "150s", "--until-rollback", "--health-interval", "2",
        "--failure-threshold", "3");

    assertThat(monitor.output()).as(monitor.output()).contains("rolled back to " + v1);
    assertThat(Files.readAllLines(state().resolve("monitor/alerts.log")))
        .filteredOn(line -> line.contains("rollback requested")).singleElement().asString()
        .contains("consecutive times (threshold 3)");
    ContainerInfo api = container("api");
    assertThat(api.label(ComposeLabels.RELEASE)).isEqualTo(v1);
    // Ready by its readiness endpoint; the engine's own health check says so within its interval.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> container("api").healthy());
    assertThat(ledger().current().map(Release::id)).contains(v1);
    assertThat(ledger().find(v5).map(Release::status)).contains(ReleaseStatus.ROLLED_BACK);
    assertThat(memberNames()).containsAll(before);
    JsonNode report = latestRollbackReport();
    assertThat(report.get("trigger").asText()).isEqualTo("monitor");
    assertThat(report.get("result").asText()).isEqualTo("succeeded");
    assertThat(audit()).anySatisfy(record -> {
      assertThat(record.action()).isEqualTo("rollback");
      assertThat(record.user()).isEqualTo("monitor");
      assertThat(record.from()).isEqualTo(v5);
      assertThat(record.to()).isEqualTo(v1);
      assertThat(record.result()).isEqualTo("done");
    });
  }

  @Test
  @Order(6)
  void drills5and6_whereConfirmationIsRequiredTheRequestWaitsAndTheOperatorDecides() throws Exception {
    Path production = config("crashes-production", Map.of("SCHEDULER_FAULT_CRASH_AFTER_SECONDS", "20"));
    Files.writeString(production, "  rollback:\n    requires_confirmation: true\n", java.nio.file.StandardOpenOption.APPEND);
    Run deploy = TestStack.run("deploy", production, work, ENV);
    assertThat(deploy.exitCode()).as("it crashes only 20 s after its start\n" + deploy.output()).isZero();
    String v6 = ledger().current().orElseThrow().id();
    RollbackRequests requests = new RollbackRequests(state());

    // The first request is rejected: nothing changes.
    dev.deployer.rollback.RollbackRequest rejected = awaitPendingRequest(production, requests, v6);
    assertThat(cli(production, "status").output()).contains(rejected.id());
    Run reject = cli(production, "rollback", "--reject", rejected.id(), "--reason", "drill: not now");
    assertThat(reject.exitCode()).as(reject.output()).isZero();
    assertThat(requests.find(rejected.id()).orElseThrow().status()).isEqualTo(dev.deployer.rollback.RollbackRequest.REJECTED);
    assertThat(ledger().current().map(Release::id)).as("a rejected request changes nothing").contains(v6);
    assertThat(container("api").label(ComposeLabels.RELEASE)).isEqualTo(v6);

    // The release keeps failing, so the next request comes; the operator prunes every unused image
    // of the stack (drill 6), then approves.
    dev.deployer.rollback.RollbackRequest pending = awaitPendingRequest(production, requests, v6);
    assertThat(pending.id()).isNotEqualTo(rejected.id());
    String pruned = pruneImagesOfTheStack();
    assertThat(pruned).as("v1's image is held, so prune leaves it").doesNotContain(imageOf(v1));

    Run approve = cli(production, "rollback", "--approve", pending.id());

    assertThat(approve.exitCode()).as(approve.output()).isZero();
    assertThat(container("api").label(ComposeLabels.RELEASE)).isEqualTo(v1);
    assertThat(ledger().current().map(Release::id)).contains(v1);
    assertThat(ledger().find(v6).map(Release::status)).contains(ReleaseStatus.ROLLED_BACK);
    assertThat(requests.find(pending.id()).orElseThrow().status()).isEqualTo("done");
    String operator = Optional.ofNullable(System.getenv("DEPLOYER_USER")).orElse(System.getProperty("user.name"));
    assertThat(audit()).anySatisfy(record -> {
      assertThat(record.action()).isEqualTo("approve");
      assertThat(record.user()).isEqualTo(operator);
      assertThat(record.details()).containsEntry("request", pending.id());
    });
    assertThat(audit()).anySatisfy(record -> {
      assertThat(record.action()).isEqualTo("reject");
      assertThat(record.reason()).isEqualTo("drill: not now");
      assertThat(record.details()).containsEntry("request", rejected.id());
    });
    assertThat(audit()).anySatisfy(record -> {
      assertThat(record.action()).isEqualTo("rollback-request");
      assertThat(record.user()).isEqualTo("monitor");
      assertThat(record.result()).isEqualTo("pending");
    });
    assertThat(cli(good, "audit", "--action", "approve").output()).contains(operator).contains(v6).contains(v1);
  }

  @Test
  @Order(7)
  void aReleaseSlowOnOneRouteFailsVerificationNamingTheRouteAndIsRolledBack() throws Exception {
    // Only /events/{id} is slow: health, the other routes and the probe's own fixtures are not.
    Path config = TestStack.writeConfig(Files.createDirectories(work.resolve("slow-route")), ENV, PROJECT, API_PORT,
        Map.of("SCHEDULER_FAULT_LATENCY_MS", "3000", "SCHEDULER_FAULT_LATENCY_PATH", "/events/"));
    Files.writeString(config, "  validation:\n    max_response_time: 2000ms\n    min_throughput: 1\n",
        java.nio.file.StandardOpenOption.APPEND);

    Run run = TestStack.run("deploy-and-verify", config, work, ENV);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(run.output()).contains("route 'event by id'").contains("rolled back to release " + v1);
    assertThat(ledger().current().map(Release::id)).contains(v1);
  }

  /** Runs the monitor until it raises a request, which must wait for approval: nothing is rolled back meanwhile. */
  static dev.deployer.rollback.RollbackRequest awaitPendingRequest(Path config, RollbackRequests requests, String from) {
    Run monitor = cli(config, "monitor", "--duration", "150s", "--until-rollback", "--health-interval", "2",
        "--failure-threshold", "3");
    assertThat(monitor.output()).contains("pending approval: deployer rollback --env " + ENV + " --approve");
    assertThat(requests.pending()).hasSize(1);
    dev.deployer.rollback.RollbackRequest pending = requests.pending().get(0);
    assertThat(pending.fromRelease()).isEqualTo(from);
    assertThat(pending.toRelease()).isEqualTo(v1);
    assertThat(ledger().current().map(Release::id)).as("nothing happens before the approval").contains(from);
    return pending;
  }

  /** The real `docker image prune -a -f`, limited to the images the deployer built for this project. */
  static String pruneImagesOfTheStack() throws IOException, InterruptedException {
    Process docker = new ProcessBuilder("docker", "image", "prune", "-a", "-f", "--filter",
        "label=" + dev.deployer.pipeline.BuildImagesStep.IMAGE_PROJECT + "=" + PROJECT).redirectErrorStream(true).start();
    String output = new String(docker.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(docker.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(docker.exitValue()).as(output).isZero();
    return output;
  }

  static String imageOf(String release) {
    return ledger().find(release).orElseThrow().services().get("api").imageId();
  }

  /** The environment's config with the given compose variables; latency is not what these drills are about. */
  static Path config(String name, Map<String, String> variables) throws IOException {
    Path config = TestStack.writeConfig(Files.createDirectories(work.resolve(name)), ENV, PROJECT, API_PORT, variables);
    Files.writeString(config, "  validation:\n    max_response_time: 15s\n    min_throughput: 1\n",
        java.nio.file.StandardOpenOption.APPEND);
    return config;
  }

  /** Runs a command of this environment in-process; the stack options go last, after any subcommand. */
  static Run cli(String... args) {
    return cli(good, args);
  }

  static Run cli(Path config, String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.add("--env=" + ENV);
    full.add("--config=" + config);
    full.add("--state-dir=" + work.resolve("state"));
    java.io.StringWriter text = new java.io.StringWriter();
    java.io.PrintWriter writer = new java.io.PrintWriter(text, true);
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(writer);
    commandLine.setErr(writer);
    int exit = commandLine.execute(full.toArray(String[]::new));
    return new Run(exit, text.toString());
  }

  static Path state() {
    return work.resolve("state").resolve(ENV);
  }

  static ReleaseLedger ledger() {
    return new ReleaseLedger(state());
  }

  /** The newest release in the ledger. */
  static Release latest() {
    List<Release> releases = ledger().releases();
    return releases.get(releases.size() - 1);
  }

  static List<AuditRecord> audit() {
    return new AuditLog(state()).read();
  }

  static JsonNode latestRollbackReport() throws IOException {
    return ReportStore.json().readTree(new ReportStore(state()).list("rollback").get(0).toFile());
  }

  static ContainerInfo container(String service) {
    return engine.containers(ComposeLabels.service(PROJECT, service)).get(0);
  }

  /** Waits until the service runs a container of a release other than v1: the new release has started. */
  static ContainerInfo awaitContainerOfAnotherRelease(String service, CompletableFuture<Run> deploy)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
    while (Instant.now().isBefore(deadline) && !deploy.isDone()) {
      for (ContainerInfo c : engine.containers(ComposeLabels.service(PROJECT, service))) {
        if (!v1.equals(c.label(ComposeLabels.RELEASE))) {
          return c;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no container of a new release for " + service + "; deploy done: " + deploy.isDone()
        + (deploy.isDone() ? "\n" + deploy.join().output() : ""));
  }

  static void awaitApiOfAnotherRelease(CompletableFuture<Run> deploy) throws InterruptedException {
    awaitContainerOfAnotherRelease("api", deploy);
  }

  /** Writes a member through the API of whatever release runs, retrying while it starts. */
  static boolean tryCreateMember(String name, CompletableFuture<Run> deploy) throws InterruptedException {
    while (!deploy.isDone()) {
      List<ContainerInfo> api = engine.containers(ComposeLabels.service(PROJECT, "api"));
      if (api.size() == 1 && v1.equals(api.get(0).label(ComposeLabels.RELEASE))) {
        return false;
      }
      try {
        createMember(name);
        return true;
      } catch (IOException | AssertionError e) {
        Thread.sleep(500);
      }
    }
    return false;
  }

  static void createMember(String name) throws IOException {
    try (Response created = http.newCall(new Request.Builder().url(url("/members"))
        .post(RequestBody.create("{\"name\":\"" + name + "\"}", MediaType.get("application/json"))).build()).execute()) {
      assertThat(created.code()).isEqualTo(201);
    }
  }

  static List<String> memberNames() throws IOException {
    try (Response page = http.newCall(new Request.Builder().url(url("/members?page=0&size=100")).get().build())
        .execute()) {
      assertThat(page.code()).isEqualTo(200);
      List<String> names = new ArrayList<>();
      ReportStore.json().readTree(page.body().string()).get("content").forEach(m -> names.add(m.get("name").asText()));
      return names;
    }
  }

  static String query(String sql) {
    ContainerEngine.ExecResult result = engine.exec(container("db").id(), List.of("sh", "-c",
        "psql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tA -c \"$1\"", "sh", sql), Duration.ofSeconds(30));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout().strip();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + API_PORT + path;
  }
}
