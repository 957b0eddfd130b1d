package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseImages;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The stack on a local single-node swarm (stack scheduler-sw1, ports 18500-18503): deployed with
 * three api replicas, updated with start-first under load without a failed request, and a
 * release whose readiness never comes up rolled back by Swarm's failure_action. Swarm mode is
 * initialised only if it is not active, and left at the end only if this test initialised it.
 */
// Never beside another IT: leaving swarm mode drops the DNS records of every running container.
@Isolated
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmStackIT {

  static final String ENV = "sw1";
  static final String STACK = "scheduler-sw1";
  static final int API_PORT = 18500;
  static final String DNS_PROBE = "scheduler-sw1-dns-probe";

  @TempDir
  static Path work;

  static ContainerEngine engine;
  static SwarmEngine swarm;
  static boolean initialisedSwarm;
  static final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
  static String v2;

  @BeforeAll
  static void setUp() throws Exception {
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    swarm = DockerEngines.connectSwarm("unix:///var/run/docker.sock", false, "");
    if (engine.imageId("haproxy:2.6").isEmpty()) {
      Process setup = new ProcessBuilder(TestStack.repositoryRoot().resolve("scripts/swarm-setup.sh").toString())
          .inheritIO().start();
      assertThat(setup.waitFor(25, TimeUnit.MINUTES) && setup.exitValue() == 0).as("scripts/swarm-setup.sh").isTrue();
    }
    if (!swarm.swarm().active()) {
      // A plain container on a bridge network from before the swarm, to be found by name after it.
      docker("network", "create", DNS_PROBE);
      docker("run", "-d", "--name", DNS_PROBE, "--network", DNS_PROBE, "--network-alias", "probe-target",
          "alpine:3.17", "sleep", "3600");
      swarm.init("127.0.0.1");
      initialisedSwarm = true;
    }
    TestStack.run("down", config("v1", Map.of()), work, ENV, "--volumes");
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      Run down = TestStack.run("down", config("v1", Map.of()), work, ENV, "--volumes", "--images");
      assertThat(down.exitCode()).as(down.output()).isZero();
      assertThat(swarm.services(SwarmLabels.stack(STACK))).isEmpty();
      assertThat(engine.containers(Map.of(ReleaseImages.HOLD, STACK))).isEmpty();
      if (initialisedSwarm) {
        List<String> plainBefore = plainContainers();
        swarm.leave(true);
        assertThat(swarm.swarm().active()).isFalse();
        assertThat(engine.info().swarmActive()).as("the engine is back in single-host mode").isFalse();
        assertThat(plainContainers()).as("other stacks' containers survive leaving the swarm")
            .containsAll(plainBefore.stream().filter(id -> engine.container(id).isPresent()).toList());
        String lookup = docker("run", "--rm", "--network", DNS_PROBE, "alpine:3.17", "nslookup", "probe-target");
        assertThat(lookup).as("a container from before the swarm is still found by name (moby#45144)")
            .contains("Name:").doesNotContain("NXDOMAIN");
        docker("rm", "-f", DNS_PROBE);
        docker("network", "rm", DNS_PROBE);
      }
    } finally {
      swarm.close();
      engine.close();
    }
  }

  @Test
  @Order(1)
  void deployAndVerifyRunsThreeApiReplicasThatDockerStackPsLists() throws Exception {
    Run run = TestStack.run("deploy-and-verify", config("v1", Map.of()), work, ENV);

    assertThat(run.exitCode()).as(run.output()).isZero();
    SwarmService api = swarm.service(STACK + "_api").orElseThrow();
    assertThat(api.replicas()).isEqualTo(3);
    assertThat(api.label(SwarmLabels.NAMESPACE)).isEqualTo(STACK);
    assertThat(swarm.tasks(api.id()).stream().filter(t -> t.wanted() && t.running())).hasSize(3);
    String stackPs = docker("stack", "ps", STACK, "--filter", "desired-state=running", "--format",
        "{{.Name}} {{.CurrentState}}");
    System.out.println("docker stack ps " + STACK + ":\n" + stackPs);
    assertThat(stackPs).contains(STACK + "_api.1 Running", STACK + "_api.2 Running", STACK + "_api.3 Running",
        STACK + "_worker.1 Running", STACK + "_db.1 Running", STACK + "_redis.1 Running", STACK + "_edge.1 Running");
    assertThat(release()).isEqualTo("v1");
    try (Response created = http.newCall(new Request.Builder().url(url("/members"))
        .post(RequestBody.create("{\"name\":\"Emma\"}", MediaType.get("application/json"))).build()).execute()) {
      assertThat(created.code()).isEqualTo(201);
    }
    assertThat(Files.readString(latestReport())).contains("\"action\" : \"created\"");
  }

  @Test
  @Order(2)
  void aStartFirstRollingUpdateUnderLoadFailsNoRequest() throws Exception {
    LoadLoop load = LoadLoop.start(url("/actuator/info"), Duration.ofMinutes(15), 100_000);
    Instant start = Instant.now();
    Run run = TestStack.run("deploy-and-verify", config("v2", Map.of()), work, ENV);
    Duration took = Duration.between(start, Instant.now());
    LoadLoop.Result result = load.stop();

    System.out.printf("swarm start-first rolling update v1 -> v2 (3 api replicas) in %d s under load: %s%n",
        took.toSeconds(), result);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(result.requests()).isGreaterThan(50);
    assertThat(result.failed()).as(result.toString()).isZero();
    assertThat(result.releases()).as("both releases answered during the update").containsKeys("v1", "v2");
    assertThat(release()).isEqualTo("v2");
    v2 = ledger().current().orElseThrow().id();
    SwarmService api = swarm.service(STACK + "_api").orElseThrow();
    assertThat(api.label(SwarmLabels.RELEASE)).isEqualTo(v2);
    assertThat(api.updateStatus().state()).isEqualTo("completed");
  }

  @Test
  @Order(3)
  void aReleaseWhoseReadinessNeverComesUpIsRolledBackBySwarm() throws Exception {
    LoadLoop load = LoadLoop.start(url("/actuator/info"), Duration.ofMinutes(15), 100_000);
    Instant start = Instant.now();
    // Its readiness never comes up, so a long start period would only make Swarm wait longer to say so.
    Path neverReady = config("v3", Map.of("SCHEDULER_FAULT_FAIL_READINESS", "true"), "update_config: {monitor: 10s}",
        "{start_period: 20s, retries: 3}");
    Run run = TestStack.run("deploy-and-verify", neverReady, work, ENV);
    Duration took = Duration.between(start, Instant.now());
    LoadLoop.Result result = load.stop();

    SwarmService api = swarm.service(STACK + "_api").orElseThrow();
    System.out.printf("swarm failure_action rollback of a readiness-fault release: deploy-and-verify %d s,"
        + " Swarm's update status %s, under load: %s%n", took.toSeconds(), api.updateStatus(), result);
    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(run.output()).contains("Swarm rolled the update back").contains("rolled back to release " + v2);
    assertThat(api.updateStatus().state()).isEqualTo("rollback_completed");
    assertThat(api.label(SwarmLabels.RELEASE)).as("the previous spec is back").isEqualTo(v2);
    assertThat(release()).isEqualTo("v2");
    assertThat(result.failed()).as(result.toString()).isZero();
    assertThat(result.releases()).containsOnlyKeys("v2");
    List<Release> releases = ledger().releases();
    Release v3 = releases.get(releases.size() - 1);
    assertThat(v3.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(ledger().current().map(Release::id)).contains(v2);
    assertThat(new AuditLog(state()).read()).extracting(AuditRecord::action, AuditRecord::to, AuditRecord::result)
        .contains(org.assertj.core.groups.Tuple.tuple("deploy", v3.id(), "failed"),
            org.assertj.core.groups.Tuple.tuple("rollback", v2, "done"));
  }

  @Test
  @Order(4)
  void aReleaseThatCrashesAfterItsUpdateIsRolledBackByTheMonitor() throws Exception {
    // All three replicas at once, so the update is over long before the crash and Swarm's own
    // failure_action has nothing to see: the crash is the monitor's to notice. The worker updates
    // beside the api; the crash must come after the last of the four is ready and the deploy is over.
    Path crashes = config("v4", Map.of("SCHEDULER_FAULT_CRASH_AFTER_SECONDS", "55"),
        "update_config: {monitor: 5s, parallelism: 0}");
    Run deploy = TestStack.run("deploy", crashes, work, ENV);
    assertThat(deploy.exitCode()).as("the crash comes after the deploy\n" + deploy.output()).isZero();
    assertThat(release()).isEqualTo("v4");
    String v4 = ledger().releases().get(ledger().releases().size() - 1).id();

    Run monitor = TestStack.run("monitor", crashes, work, ENV, "--duration=200s", "--until-rollback", "--health-interval=2",
        "--failure-threshold=3");

    System.out.println("swarm monitor-triggered rollback:\n" + monitor.output());
    assertThat(monitor.output()).contains("1 rollback request(s)");
    assertThat(release()).as("v2 serves again").isEqualTo("v2");
    assertThat(swarm.service(STACK + "_api").orElseThrow().label(SwarmLabels.RELEASE)).isEqualTo(v2);
    assertThat(ledger().current().map(Release::id)).contains(v2);
    assertThat(ledger().find(v4).map(Release::status)).contains(ReleaseStatus.ROLLED_BACK);
    // No confirmation is required in sw1, so the monitor's request is carried out at once, by the monitor.
    assertThat(new AuditLog(state()).read()).anySatisfy(record -> {
      assertThat(record.action()).isEqualTo("rollback");
      assertThat(record.user()).isEqualTo("monitor");
      assertThat(record.from()).isEqualTo(v4);
      assertThat(record.to()).isEqualTo(v2);
      assertThat(record.result()).isEqualTo("done");
    });
  }

  static Path config(String release, Map<String, String> faults) throws IOException {
    return config(release, faults, "update_config: {monitor: 5s}");
  }

  /** The test's config: the repository's, plus environment sw1 on the swarm target at release {@code release}. */
  static Path config(String release, Map<String, String> faults, String apiOverride) throws IOException {
    return config(release, faults, apiOverride, "{start_period: 60s}");
  }

  static Path config(String release, Map<String, String> faults, String apiOverride, String apiHealthcheck)
      throws IOException {
    Path root = TestStack.repositoryRoot();
    StringBuilder text = new StringBuilder(Files.readString(root.resolve("infrastructure/config/deployment_config.yaml"))
        .replace("compose_file: ../../compose.yaml", "compose_file: " + root.resolve("compose.yaml")));
    text.append("\n").append(ENV).append(":\n")
        .append("  project: ").append(STACK).append("\n")
        .append("  target: swarm\n")
        .append("  ports: {api: ").append(API_PORT).append(", worker: ").append(API_PORT + 1)
        .append(", db: ").append(API_PORT + 2).append(", redis: ").append(API_PORT + 3).append("}\n")
        .append("  variables:\n");
    Map<String, String> variables = new TreeMap<>(faults);
    variables.put("SCHEDULER_RELEASE", release);
    variables.forEach((key, value) -> text.append("    ").append(key).append(": \"").append(value).append("\"\n"));
    // Three api replicas; a shorter monitor window than compose.yaml's keeps the test quick, a longer
    // start period lets the app start on a crowded machine before Swarm replaces it as unhealthy.
    text.append("  swarm:\n    services:\n      api:\n        replicas: 3\n"
        + "        " + apiOverride + "\n        healthcheck: " + apiHealthcheck + "\n"
        + "      worker:\n        healthcheck: {start_period: 60s}\n");
    // Response times are for benchmarks; this shared machine is noisy.
    text.append("  validation:\n    max_response_time: 15s\n");
    Path file = work.resolve("deployment_config-" + release + ".yaml");
    Files.writeString(file, text);
    return file;
  }

  private static String release() throws IOException {
    try (Response info = http.newCall(new Request.Builder().url(url("/actuator/info")).get().build()).execute()) {
      assertThat(info.code()).isEqualTo(200);
      return ReportStore.json().readTree(info.body().string()).path("release").asText();
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + API_PORT + path;
  }

  private static Path state() {
    return work.resolve("state").resolve(ENV);
  }

  private static ReleaseLedger ledger() {
    return new ReleaseLedger(state());
  }

  private static Path latestReport() {
    return new ReportStore(state()).list("deployment").get(0);
  }

  private static String docker(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  /** Containers that are not swarm tasks: other stacks', which leaving the swarm must not touch. */
  private static List<String> plainContainers() {
    return engine.containers(Map.of()).stream().filter(c -> c.label("com.docker.swarm.service.id") == null)
        .map(ContainerInfo::id).sorted().toList();
  }

}
