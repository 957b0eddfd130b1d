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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet color on the real engine, with a stack of its own (project h11-bg, ports 31240-31241):
 * the worker is {@code stop_previous} with {@code quiet}, restart {@code unless-stopped}. After the
 * switch its old color is quiet and has no restart policy, so when its process is killed (as an
 * out-of-memory kill would) the engine leaves it stopped instead of restarting it, not quiet, to
 * take work as the old release; a rollback starts it (its post_start hook runs) with its service's
 * policy back, under which the same kill restarts it: the kill is one the engine counts as a crash.
 */
class BlueGreenQuietRestartIT {

  static final String ENV = "h11";
  static final String PROJECT = "h11-bg";
  static final int WEB_PORT = 31240;

  @TempDir
  static Path work;

  static ContainerEngine engine;
  static Path compose;

  @BeforeAll
  static void setUp() throws IOException {
    compose = work.resolve("compose.yaml");
    Files.writeString(compose, COMPOSE);
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    TestStack.run("down", config("r0"), work, ENV, "--volumes");
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (engine != null) {
      TestStack.takeDown(engine, config("r0"), work, ENV, PROJECT);
      engine.close();
    }
  }

  @Test
  void aQuietColorThatDiesStaysStoppedAndARollbackStartsItWithItsRestartPolicy() throws Exception {
    Run first = deploy("r1");
    assertThat(first.exitCode()).as(first.output()).isZero();
    String workerR1 = color("worker", Color.BLUE).id();
    assertThat(inspect(workerR1)).isEqualTo("running unless-stopped 0");

    Run second = deploy("r2");
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("sent SIGTSTP");
    assertThat(color("worker", Color.BLUE).id()).isEqualTo(workerR1);
    assertThat(inspect(workerR1)).as("quiet, warm, no restart policy").isEqualTo("running no 0");

    crash(workerR1);
    String afterCrash = awaitExited(workerR1);
    Thread.sleep(3000); // the engine restarts after 100 ms; give it far longer
    assertThat(inspect(workerR1)).as("the quiet worker, killed, is not restarted (was: %s)", afterCrash)
        .isEqualTo("exited no 0");

    Run rollback = TestStack.run("rollback", config("r2"), work, ENV, "--yes", "--reason", "quiet drill",
        "--wait-timeout=60");
    System.out.println("[h11] output of the rollback:\n" + rollback.output());
    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(rollback.output()).contains("worker started (blue, kept from release ",
        "; it had stopped while quiet)", "worker: running 1 post_start hook").doesNotContain("sent SIGCONT");
    assertThat(color("worker", Color.BLUE).id()).as("the kept container, not a new one").isEqualTo(workerR1);
    assertThat(inspect(workerR1)).isEqualTo("running unless-stopped 0");
    assertThat(cat(workerR1, "/www/health")).contains("\"release\":\"r1\"");

    crash(workerR1);
    assertThat(awaitRestarts(workerR1)).as("with its policy back, the same kill restarts it").isEqualTo(
        "running unless-stopped 1");
  }

  private static Run deploy(String release) throws IOException {
    return TestStack.run("deploy-and-verify", config(release), work, ENV, "--probe-seconds=1", "--wait-timeout=60");
  }

  private static ContainerInfo color(String service, Color color) {
    return engine.container(EdgeContainer.colorContainerName(PROJECT, service, color)).orElseThrow();
  }

  /** Kills the worker's server, the child of the container's init: its main process then exits 137. */
  private static void crash(String container) {
    ContainerEngine.ExecResult result = engine.exec(container, List.of("sh", "-c",
        "kill -KILL $(ps -o pid,args | awk '$2 == \"busybox\" && $3 == \"httpd\" {print $1}')"),
        Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  private static String awaitExited(String container) throws Exception {
    for (int i = 0; i < 100 && inspect(container).startsWith("running"); i++) {
      Thread.sleep(100);
    }
    return inspect(container);
  }

  private static String awaitRestarts(String container) throws Exception {
    for (int i = 0; i < 100 && !inspect(container).matches("running \\S+ [1-9]\\d*"); i++) {
      Thread.sleep(100);
    }
    return inspect(container);
  }

  /** "STATUS POLICY RESTART_COUNT", from docker inspect. */
  private static String inspect(String container) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("docker", "inspect", "-f",
        "{{.State.Status}} {{.HostConfig.RestartPolicy.Name}} {{.RestartCount}}", container)
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  private static String cat(String container, String path) {
    ContainerEngine.ExecResult result = engine.exec(container, List.of("cat", path), Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  private static Path config(String release) throws IOException {
    Path file = work.resolve("config-" + release + ".yaml");
    Files.writeString(file, CONFIG.formatted(PROJECT, compose, WEB_PORT, WEB_PORT + 1, release));
    return file;
  }

  private static final String CONFIG = """
      base:
        project: %s
        compose_file: %s
        app_profile: local
        docker: {host: "unix:///var/run/docker.sock", tls_verify: false, cert_path: ""}
        ports: {web: %d, worker: %d}
        variables: {RELEASE: "%s"}
        wait: {timeout: 60s}
        proxy:
          enabled: true
          image: haproxy:2.6
          services: [web, worker]
          keep_previous: 10m
          rollout: [100]
          drain: 500ms
          stop_previous: [worker]
          quiet: {signal: SIGTSTP, resume: SIGCONT}
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
      h11: {}
      """;

  /** Busybox web servers whose health page only post_start writes; the worker restarts unless stopped. */
  private static final String COMPOSE = """
      x-app: &app
        image: alpine:3.17
        command: [sh, -c, "mkdir -p /www && exec busybox httpd -f -p 8080 -h /www"]
        init: true
        restart: unless-stopped
        healthcheck:
          test: [CMD, wget, -q, -O, /dev/null, "http://127.0.0.1:8080/health"]
          interval: 1s
          timeout: 3s
          retries: 30
        post_start:
          - command: [sh, -c, 'mkdir -p /www; echo "{\\"status\\":\\"UP\\",\\"release\\":\\"$$RELEASE\\"}" > /www/health']
      services:
        web:
          <<: *app
          environment: {RELEASE: "${RELEASE}"}
          ports: ["127.0.0.1:${WEB_PORT}:8080"]
        worker:
          <<: *app
          environment: {RELEASE: "${RELEASE}"}
          ports: ["127.0.0.1:${WORKER_PORT}:8080"]
      """;
}
