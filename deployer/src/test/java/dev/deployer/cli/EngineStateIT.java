package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.lock.DeployLock;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock and the ledger are found from the target, not the working directory: deployers as
 * real processes (the shaded jar) started from different directories, without --state-dir, on a
 * stack of their own (project stateit-stack, ports 31190-31193). Their state home is the test's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineStateIT {

  static final String ENV = "stateit";
  static final String PROJECT = "stateit-stack";
  static final int API_PORT = 31190;

  @TempDir
  static Path work;

  static Path config;
  static Path stateHome;
  static ContainerEngine engine;

  @BeforeAll
  static void setUp() throws IOException {
    config = TestStack.writeConfig(work, ENV, PROJECT, API_PORT);
    stateHome = Files.createDirectories(work.resolve("xdg-state"));
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      DeployerProcess down = start(directory("teardown"), "down", "--volumes", "--images");
      assertThat(down.waitFor(Duration.ofMinutes(3))).as(down.output()).isZero();
      assertThat(engine.containers(ComposeLabels.project(PROJECT))).isEmpty();
      assertThat(engine.containers(Map.of(dev.deployer.rollback.ReleaseImages.HOLD, PROJECT))).isEmpty();
    } finally {
      engine.container(DeployLock.containerName(PROJECT)).ifPresent(lock -> engine.removeMarker(lock.id()));
      engine.close();
    }
  }

  @Test
  @Order(1)
  void twoDeploysFromTwoDirectoriesOneRunsTheOtherIsToldWhoHoldsTheLock() throws Exception {
    DeployerProcess first = start(directory("ci-workspace-a"), "deploy");
    DeployerProcess second = start(directory("operator-home"), "deploy");

    int firstCode = first.waitFor(Duration.ofMinutes(6));
    int secondCode = second.waitFor(Duration.ofMinutes(6));

    assertThat(List.of(firstCode, secondCode)).as(first.output() + "\n----\n" + second.output())
        .containsExactlyInAnyOrder(ExitCodes.OK, ExitCodes.LOCK_HELD);
    DeployerProcess refused = firstCode == ExitCodes.LOCK_HELD ? first : second;
    assertThat(refused.output()).contains("is held by", "(pid ", "for deploy", "nothing was changed");
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).hasSize(4);

    // Both directories, and a third, see the same ledger and the same (free) lock.
    List<String> releases = new ArrayList<>();
    List<String> locks = new ArrayList<>();
    for (String directory : List.of("ci-workspace-a", "operator-home", "elsewhere")) {
      DeployerProcess list = start(directory(directory), "releases");
      assertThat(list.waitFor(Duration.ofMinutes(1))).as(list.output()).isZero();
      releases.add(list.output());
      DeployerProcess lock = start(directory(directory), "lock", "status");
      assertThat(lock.waitFor(Duration.ofMinutes(1))).as(lock.output()).isZero();
      locks.add(lock.output());
    }
    assertThat(releases).allSatisfy(output -> assertThat(output).isEqualTo(releases.get(0))
        .doesNotContain("no releases").contains("RELEASE"));
    assertThat(locks).allSatisfy(output -> assertThat(output).isEqualTo(ENV + ": unlocked\n"));
    try (var engines = Files.list(stateHome.resolve("deployer"))) {
      assertThat(engines.toList()).singleElement()
          .satisfies(engineState -> assertThat(engineState.resolve(PROJECT).resolve("releases")).isDirectory());
    }
    for (String directory : List.of("ci-workspace-a", "operator-home", "elsewhere")) {
      assertThat(directory(directory).resolve(".deployer")).doesNotExist();
    }
  }

  @Test
  @Order(2)
  void theLockIsTheEnginesWhateverStateDirectoryEachSideNames() throws Exception {
    DeployerProcess acquire = start(directory("one"), "lock", "acquire", "--message=maintenance",
        "--state-dir=" + work.resolve("state-one"));
    assertThat(acquire.waitFor(Duration.ofMinutes(1))).as(acquire.output()).isZero();

    DeployerProcess deploy = start(directory("two"), "deploy", "--state-dir=" + work.resolve("state-two"));
    assertThat(deploy.waitFor(Duration.ofMinutes(3))).as(deploy.output()).isEqualTo(ExitCodes.LOCK_HELD);
    assertThat(deploy.output()).contains("held by", "for lock acquire: maintenance");
    DeployerProcess status = start(directory("two"), "lock", "status", "--state-dir=" + work.resolve("state-two"));
    assertThat(status.waitFor(Duration.ofMinutes(1))).as(status.output()).isZero();
    assertThat(status.output()).contains("held by", "maintenance");

    DeployerProcess release = start(directory("two"), "lock", "release", "--state-dir=" + work.resolve("state-two"));
    assertThat(release.waitFor(Duration.ofMinutes(1))).as(release.output()).isZero();
    assertThat(new DeployLock(engine, PROJECT, ENV).status()).isEmpty();
  }

  @Test
  @Order(3)
  void aDeployKilledMidwayLeavesAStaleLockThatTheNextDeployTakesOverAndRecovers() throws Exception {
    // A changed variable makes api and worker differ from what runs, so the deploy has containers to replace.
    Path changed = Files.writeString(work.resolve("changed.yaml"), Files.readString(config)
        + "  variables:\n    SCHEDULER_FAULT_LATENCY_MS: \"1\"\n");
    DeployerProcess killed = start(directory("ci-workspace-a"), "deploy", "--config=" + changed);
    killed.awaitLine("==> wait for healthy", Duration.ofMinutes(4));

    killed.process.destroyForcibly(); // SIGKILL: no shutdown hook, the lock stays behind
    killed.waitFor(Duration.ofMinutes(1));
    assertThat(new DeployLock(engine, PROJECT, ENV).status()).as(killed.output())
        .hasValueSatisfying(state -> assertThat(state.staleReason()).contains("is gone"));

    DeployerProcess next = start(directory("operator-home"), "deploy", "--config=" + changed);
    assertThat(next.waitFor(Duration.ofMinutes(6))).as(next.output()).isZero();
    assertThat(next.output()).contains("took over a stale lock");
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).hasSize(4)
        .allSatisfy(container -> assertThat(container.state()).isEqualTo("running"));
    assertThat(new DeployLock(engine, PROJECT, ENV).status()).isEmpty();
    DeployerProcess audit = start(directory("elsewhere"), "audit");
    assertThat(audit.waitFor(Duration.ofMinutes(1))).as(audit.output()).isZero();
    assertThat(audit.output()).contains("lock-override");
  }

  static Path directory(String name) throws IOException {
    return Files.createDirectories(work.resolve("dirs").resolve(name));
  }

  /**
   * {@code java -jar deployer.jar COMMAND --env stateit ...} run in {@code directory}, with the
   * test's state home and no DEPLOYER_STATE_DIR.
   */
  static DeployerProcess start(Path directory, String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--env", ENV, "--wait-timeout=240"));
    if (args.stream().noneMatch(arg -> arg.startsWith("--config="))) {
      args.add("--config=" + config);
    }
    Map<String, String> environment = new java.util.HashMap<>();
    environment.put("DEPLOYER_STATE_DIR", null);
    environment.put("XDG_STATE_HOME", stateHome.toString());
    return DeployerProcess.start(directory, environment, args);
  }
}
