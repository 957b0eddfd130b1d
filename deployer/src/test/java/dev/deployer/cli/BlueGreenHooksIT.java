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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose's lifecycle hooks behind the blue/green edge, on the real engine, with a stack of its own
 * (project h9-bg, ports 31220-31221): two routed busybox web servers whose health page only their
 * post_start hook writes, so no color can look up before its hook ran; every hook appends a line to
 * a named volume both colors share. post_start runs in each new color before the switch, and again
 * when a rollback starts a stopped color, not when it takes back a warm one; pre_stop runs before a
 * color is stopped (the worker, stop_previous without a quiet signal) or removed (a warm web whose
 * color the next release takes, the colors a rollback moved away from), never while a color stays
 * warm, and not again in a stopped one; a failing post_start fails the deploy before the switch
 * and the serving color keeps the traffic.
 */
class BlueGreenHooksIT {

  static final String ENV = "h9";
  static final String PROJECT = "h9-bg";
  static final int WEB_PORT = 31220;

  @TempDir
  static Path work;

  static ContainerEngine engine;
  static Path compose;

  @BeforeAll
  static void setUp() throws IOException {
    compose = work.resolve("compose.yaml");
    Files.writeString(compose, COMPOSE);
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    TestStack.run("down", config("r0", ""), work, ENV, "--volumes");
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (engine != null) {
      TestStack.takeDown(engine, config("r0", ""), work, ENV, PROJECT);
      engine.close();
    }
  }

  @Test
  void hooksRunAroundEachColorAndAFailingPostStartLeavesTheServingColorServing() throws Exception {
    Run first = deploy("r1", "");

    assertThat(first.exitCode()).as(first.output()).isZero();
    String webR1 = color("web", "blue").id();
    assertThat(cat(webR1, "/www/health")).isEqualTo("{\"status\":\"UP\",\"release\":\"r1\"}\n");
    assertThat(first.output().indexOf("web: running 1 post_start hook")).as(first.output())
        .isNotNegative().isLessThan(first.output().indexOf("all traffic of web on blue"));
    assertThat(hookLog()).containsExactlyInAnyOrder("post_start web r1", "post_start worker r1");

    Run second = deploy("r2", "");

    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(cat(color("web", "green").id(), "/www/health")).contains("\"release\":\"r2\"");
    assertThat(edgeHealth()).contains("\"release\":\"r2\"");
    assertThat(second.output()).contains("worker: running 1 pre_stop hook",
        "(blue, kept for 10 min, for a rollback) stopped");
    assertThat(color("worker", "blue").running()).isFalse();
    assertThat(restartPolicy(color("worker", "blue").id())).as("no restart policy while out of traffic: an engine"
        + " restart would bring `always` back to work as the old release").isEqualTo("no");
    assertThat(color("web", "blue").id()).as("r1's web stays warm").isEqualTo(webR1);
    assertThat(color("web", "blue").running()).isTrue();
    assertThat(hookLog()).as("no pre_stop for the warm web").containsExactlyInAnyOrder("post_start web r1",
        "post_start worker r1", "post_start web r2", "post_start worker r2", "pre_stop worker r1");

    Run failing = deploy("r3", "1");
    System.out.println("[h9] output of the deploy whose post_start fails:\n" + failing.output());

    assertThat(failing.exitCode()).as(failing.output()).isNotZero();
    assertThat(failing.output()).contains("exited with status 3: r3 refuses to start", "rolled back to release")
        .doesNotContain("all traffic of web on blue");
    assertThat(failing.output().indexOf("web: running 1 pre_stop hook")).as("the warm web's color is taken")
        .isNotNegative().isLessThan(failing.output().indexOf("web: running 1 post_start hook"));
    assertThat(engine.container(webR1)).as("r1's web removed for r3").isEmpty();
    assertThat(edgeHealth()).as("green keeps the traffic").contains("\"release\":\"r2\"");
    assertThat(color("web", "green").running()).isTrue();
    assertThat(hookLog()).as("r1's warm web ran its pre_stop before it was removed; r3's web never got as far as"
        + " its log line, and its pre_stop ran when it was stopped after its failed hook")
        .contains("pre_stop web r1", "pre_stop web r3")
        .doesNotContain("post_start web r3");
    assertThat(hookLog()).filteredOn("pre_stop worker r1"::equals).as("a stopped color runs no pre_stop").hasSize(1);

    Run fourth = deploy("r4", "");
    assertThat(fourth.exitCode()).as(fourth.output()).isZero();
    assertThat(edgeHealth()).contains("\"release\":\"r4\"");
    String webR2 = color("web", "green").id();
    assertThat(color("worker", "green").running()).as("r2's worker stopped after the switch").isFalse();

    Run rollback = TestStack.run("rollback", config("r4", ""), work, ENV, "--yes", "--reason", "hooks drill",
        "--wait-timeout=60");
    System.out.println("[h9] output of the rollback:\n" + rollback.output());

    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(edgeHealth()).contains("\"release\":\"r2\"");
    assertThat(color("web", "green").id()).as("r2's warm web serves again, not restarted").isEqualTo(webR2);
    assertThat(rollback.output()).contains("worker: running 1 post_start hook")
        .doesNotContain("web: running 1 post_start hook");
    assertThat(engine.container(EdgeContainer.colorContainerName(PROJECT, "web", Color.BLUE))).isEmpty();
    List<String> log = hookLog();
    assertThat(log).filteredOn("post_start worker r2"::equals).as("r2's stopped worker started again").hasSize(2);
    assertThat(restartPolicy(color("worker", "green").id())).as("its own policy back").isEqualTo("always");
    assertThat(log).filteredOn("post_start web r2"::equals).hasSize(1);
    assertThat(log).as("r4's colors stopped and removed after their pre_stop").contains("pre_stop web r4",
        "pre_stop worker r4");
  }

  private static String restartPolicy(String container) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("docker", "inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", container)
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  private static Run deploy(String release, String fail) throws IOException {
    return TestStack.run("deploy-and-verify", config(release, fail), work, ENV, "--probe-seconds=1",
        "--wait-timeout=60");
  }

  private static ContainerInfo color(String service, String color) {
    return engine.container(EdgeContainer.colorContainerName(PROJECT, service,
        Color.parse(color).orElseThrow())).orElseThrow();
  }

  /** The hooks' lines on the shared volume, read through the serving web container. */
  private static List<String> hookLog() {
    String serving = engine.containers(dev.deployer.infrastructure.stack.ComposeLabels.service(PROJECT, "web"))
        .stream().filter(ContainerInfo::running).findFirst().orElseThrow().id();
    return cat(serving, "/hooks/log").lines().toList();
  }

  private static String cat(String container, String path) {
    ContainerEngine.ExecResult result = engine.exec(container, List.of("cat", path), Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  private static String edgeHealth() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB_PORT
        + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The environment h9 for one release: its RELEASE, and HOOK_FAIL to make web's post_start fail. */
  private static Path config(String release, String fail) throws IOException {
    Path file = work.resolve("config-" + release + ".yaml");
    Files.writeString(file, CONFIG.formatted(PROJECT, compose, WEB_PORT, WEB_PORT + 1, release, fail));
    return file;
  }

  private static final String CONFIG = """
      base:
        project: %s
        compose_file: %s
        app_profile: local
        docker: {host: "unix:///var/run/docker.sock", tls_verify: false, cert_path: ""}
        ports: {web: %d, worker: %d}
        variables: {RELEASE: "%s", HOOK_FAIL: "%s"}
        wait: {timeout: 60s}
        proxy:
          enabled: true
          image: haproxy:2.6
          services: [web, worker]
          keep_previous: 10m
          rollout: [100]
          drain: 500ms
          stop_previous: [worker]
        probes:
          web:
            health: {path: /health, json: {status: UP}}
            performance:
              rate: 5
              routes:
                - {name: health, path: /health}
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
      h9: {}
      """;

  /** Both services alike; the health page is post_start's, so the edge sees a color up only after its hook. */
  private static final String COMPOSE = """
      x-app: &app
        image: alpine:3.17
        command: [sh, -c, "mkdir -p /www && exec busybox httpd -f -p 8080 -h /www"]
        init: true
        volumes: [hooks:/hooks]
        healthcheck:
          test: [CMD, wget, -q, -O, /dev/null, "http://127.0.0.1:8080/health"]
          interval: 1s
          timeout: 3s
          retries: 30
      services:
        web:
          <<: *app
          environment: {RELEASE: "${RELEASE}", HOOK_FAIL: "${HOOK_FAIL}", SERVICE: web}
          ports: ["127.0.0.1:${WEB_PORT}:8080"]
          post_start:
            - command: [sh, -c, 'mkdir -p /www; [ -z "$$HOOK_FAIL" ] || { echo "$$RELEASE refuses to start" >&2; exit 3; }; echo "post_start $$SERVICE $$RELEASE" >> /hooks/log; echo "{\\"status\\":\\"UP\\",\\"release\\":\\"$$RELEASE\\"}" > /www/health']
          pre_stop:
            - command: [sh, -c, 'echo "pre_stop $$SERVICE $$RELEASE" >> /hooks/log']
        worker:
          <<: *app
          restart: always
          environment: {RELEASE: "${RELEASE}", SERVICE: worker}
          ports: ["127.0.0.1:${WORKER_PORT}:8080"]
          post_start:
            - command: [sh, -c, 'mkdir -p /www; echo "post_start $$SERVICE $$RELEASE" >> /hooks/log; echo "{\\"status\\":\\"UP\\",\\"release\\":\\"$$RELEASE\\"}" > /www/health']
          pre_stop:
            - command: [sh, -c, 'echo "pre_stop $$SERVICE $$RELEASE" >> /hooks/log']
      volumes:
        hooks:
      """;
}
