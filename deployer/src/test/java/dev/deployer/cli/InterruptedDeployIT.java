package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.lock.DeployLock;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys that meet each other or a signal, with the deployer as a real process (the shaded jar
 * {@code mvn package} built), on a stack of their own (project scheduler-it-int, ports 18190-18193).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InterruptedDeployIT {

  static final String ENV = "it-int";
  static final String PROJECT = "scheduler-it-int";
  static final int API_PORT = 18190;

  @TempDir
  static Path work;

  static Path config;
  static ContainerEngine engine;

  @BeforeAll
  static void writeConfig() throws IOException {
    config = TestStack.writeConfig(work, ENV, PROJECT, API_PORT);
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
  }

  @AfterAll
  static void tearDown() {
    TestStack.takeDown(engine, config, work, ENV, PROJECT);
    engine.close();
  }

  @Test
  @Order(1)
  void twoConcurrentDeploysOneIsRefusedWithExitSix() throws Exception {
    DeployerProcess first = deployer("deploy");
    DeployerProcess second = deployer("deploy");

    List<DeployerProcess> both = List.of(first, second);
    List<Integer> codes = new ArrayList<>();
    for (DeployerProcess deployer : both) {
      codes.add(deployer.waitFor(Duration.ofMinutes(5)));
    }

    assertThat(codes).as(first.output() + "\n----\n" + second.output())
        .containsExactlyInAnyOrder(ExitCodes.OK, ExitCodes.LOCK_HELD);
    DeployerProcess refused = codes.get(0) == ExitCodes.LOCK_HELD ? first : second;
    assertThat(refused.output()).contains("lock").contains("nothing was changed");
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).hasSize(4);
    assertThat(new DeployLock(engine, PROJECT, ENV).status()).isEmpty();
  }

  @Test
  @Order(2)
  void sigtermMidDeployLeavesAConsistentStateThatTheNextDeployCompletes() throws Exception {
    // A changed variable makes api and worker differ from what runs, so the deploy has containers to replace.
    Path changed = Files.writeString(work.resolve("changed.yaml"), Files.readString(config)
        + "  variables:\n    SCHEDULER_FAULT_LATENCY_MS: \"1\"\n");
    DeployerProcess deployer = deployer("deploy", "--config=" + changed);
    deployer.awaitLine("==> wait for healthy", Duration.ofMinutes(3));

    deployer.process.destroy(); // SIGTERM
    int exitCode = deployer.waitFor(Duration.ofMinutes(1));

    assertThat(exitCode).as(deployer.output()).isNotZero();
    assertThat(new DeployLock(engine, PROJECT, ENV).status())
        .as("the lock is released by the signal handler").isEmpty();
    JsonNode report = latestDeploymentReport();
    assertThat(report.get("result").asText()).isEqualTo("failed");
    assertThat(report.get("failure").asText()).contains("interrupted by a signal");
    Run releases = TestStack.run("releases", config, work, ENV);
    assertThat(releases.output()).contains(report.get("release").asText()).contains("failed");
    for (ContainerInfo container : engine.containers(ComposeLabels.project(PROJECT))) {
      assertThat(container.labels()).containsKeys("com.docker.compose.service", "com.docker.compose.config-hash");
    }

    Run again = TestStack.run("deploy", changed, work, ENV);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).hasSize(4)
        .allSatisfy(container -> assertThat(container.state()).isEqualTo("running"));
  }

  private static JsonNode latestDeploymentReport() throws IOException {
    Path report = new ReportStore(work.resolve("state").resolve(ENV)).list("deployment").get(0);
    return ReportStore.json().readTree(report.toFile());
  }

  /** {@code java -jar deployer.jar COMMAND --env it-int ...} as a child process. */
  private static DeployerProcess deployer(String command, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of(command, "--env", ENV, "--state-dir=" + work.resolve("state"),
        "--wait-timeout=240"));
    List<String> options = new ArrayList<>(List.of(extra));
    if (options.stream().noneMatch(option -> option.startsWith("--config="))) {
      options.add("--config=" + config);
    }
    args.addAll(options);
    return DeployerProcess.start(null, java.util.Map.of(), args);
  }
}
