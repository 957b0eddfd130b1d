package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.pipeline.ContainerChanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback puts back the file secret the release was deployed with, on the real engine (single
 * host, project j2-secrets, no host ports): r1 is deployed and verified with the secret file saying
 * "one", r2 after the file says "two", and the rollback to r1 goes back to r1's kept container, which
 * mounts r1's copy, so it reads "one" again while the file itself still says "two"; after r3 ("three")
 * and without a kept container, the rollback's new container mounts r1's copy too. The config hash
 * label digests the value with the state directory's key: another key gives another label. A
 * password that lives in {@code .env} only is in no file the deployer keeps, and the new container
 * gets it from {@code .env} at the rollback, with the same config hash as r1's. Then a
 * release the engine refuses to start is rolled back to the one that ran.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretRollbackIT {

  static final String ENV = "j2";
  static final String PROJECT = "j2-secrets";

  @TempDir
  static Path work;

  /** A password that lives in .env only: no copy the deployer keeps may hold it. */
  static final String DOT_ENV_PASSWORD = "j2-dot-env-password";

  static ContainerEngine engine;
  static Path config;

  @BeforeAll
  static void setUp() throws IOException {
    Files.writeString(work.resolve("compose.yaml"), COMPOSE);
    Files.writeString(work.resolve(".env"), "GREETING=hello\nAPP_PASSWORD=" + DOT_ENV_PASSWORD + "\n");
    config = work.resolve("deployment_config.yaml");
    Files.writeString(config, CONFIG.formatted(PROJECT));
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    TestStack.run("down", config, work, ENV, "--volumes");
  }

  @AfterAll
  static void tearDown() {
    if (engine != null) {
      TestStack.takeDown(engine, config, work, ENV, PROJECT);
      engine.close();
    }
  }

  @Test
  @Order(1)
  void aRollbackMountsTheSecretFileTheReleaseWasDeployedWith() throws Exception {
    Path secret = work.resolve("token.txt");
    Files.writeString(secret, "one");
    Run first = TestStack.run("deploy-and-verify", config, work, ENV, "--probe-seconds=1", "--wait-timeout=60");
    assertThat(first.exitCode()).as(first.output()).isZero();
    ContainerInfo r1 = app();
    assertThat(cat(r1)).isEqualTo("one");
    assertLabelIsKeyed(r1);

    Files.writeString(secret, "two");
    Run second = TestStack.run("deploy", config, work, ENV, "--wait-timeout=60");
    assertThat(second.exitCode()).as(second.output()).isZero();
    ContainerInfo r2 = app();
    assertThat(r2.id()).as("a new value, a new container").isNotEqualTo(r1.id());
    assertThat(cat(r2)).isEqualTo("two");

    Run rollback = TestStack.run("rollback", config, work, ENV, "--yes", "--reason", "j2 secret drill",
        "--wait-timeout=60");
    System.out.println("[j2] output of the rollback:\n" + rollback.output());

    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(rollback.output()).contains("secret token: the file as the release had it (its copy in the release)")
        .doesNotContain("one\n");
    ContainerInfo back = app();
    assertThat(cat(back)).as("the release's value").isEqualTo("one");
    assertThat(Files.readString(secret)).as("the operator's file is left alone").isEqualTo("two");
    assertThat(back.label(ComposeLabels.CONFIG_HASH)).as("the hash release r1 ran with")
        .isEqualTo(r1.label(ComposeLabels.CONFIG_HASH));

    // Without a kept container of r1, the rollback makes one from r1's snapshot: it mounts r1's copy too.
    Files.writeString(secret, "three");
    Run third = TestStack.run("deploy", config, work, ENV, "--wait-timeout=60");
    assertThat(third.exitCode()).as(third.output()).isZero();
    assertThat(cat(app())).isEqualTo("three");
    engine.keptContainers(ComposeLabels.service(PROJECT, "app")).forEach(kept -> engine.removeContainer(kept.id()));

    Run again = TestStack.run("rollback", config, work, ENV, "--yes", "--reason", "j2 secret drill, no kept container",
        "--wait-timeout=60");

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).doesNotContain("kept container");
    assertThat(cat(app())).as("the release's value, in a new container").isEqualTo("one");
    assertThat(app().label(ComposeLabels.CONFIG_HASH)).isEqualTo(r1.label(ComposeLabels.CONFIG_HASH));
    assertThat(environment(app())).as(".env's password, read from .env at the rollback")
        .contains("APP_PASSWORD=" + DOT_ENV_PASSWORD, "GREETING=hello");
    assertNoKeptFileHolds(DOT_ENV_PASSWORD);
  }

  /** Nothing under the state directory (releases' snapshots, backups, reports, the ledger) holds {@code value}. */
  private static void assertNoKeptFileHolds(String value) throws IOException {
    try (var files = Files.walk(work.resolve("state"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
            .as(file.toString()).doesNotContain(value);
      }
    }
  }

  private static String environment(ContainerInfo container) {
    ContainerEngine.ExecResult result = engine.exec(container.id(), List.of("env"), Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  /**
   * The engine refuses to start the new container (a device that does not exist): the deploy fails
   * and rolls back to the release that ran, instead of ending as an internal error with the service
   * half replaced.
   */
  @Test
  @Order(2)
  void aReleaseTheEngineRefusesToStartIsRolledBack() throws Exception {
    ContainerInfo before = app();
    Files.writeString(work.resolve("compose-refused.yaml"),
        COMPOSE.replace("    init: true\n", "    init: true\n    devices: [\"/dev/deployer-missing:/dev/x\"]\n"));
    Path refused = Files.writeString(work.resolve("deployment_config-refused.yaml"), Files.readString(config)
        .replace("compose_file: compose.yaml", "compose_file: compose-refused.yaml"));

    Run run = TestStack.run("deploy-and-verify", refused, work, ENV, "--probe-seconds=1", "--wait-timeout=60");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(run.output()).contains("the engine refused: ").contains("/dev/deployer-missing")
        .contains("rolled back to release " + before.label(ComposeLabels.RELEASE));
    ContainerInfo after = app();
    assertThat(after.label(ComposeLabels.RELEASE)).isEqualTo(before.label(ComposeLabels.RELEASE));
    assertThat(cat(after)).as("the release that ran, running again").isEqualTo("one");
  }

  /** The label is the hash of the service with its value digested under the state directory's key, and no other. */
  private static void assertLabelIsKeyed(ContainerInfo container) throws Exception {
    Path state = work.resolve("state");
    Path keyFile;
    try (var files = Files.walk(state)) {
      keyFile = files.filter(p -> p.getFileName().toString().equals("value-digests.key")).findFirst().orElseThrow();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    ComposeService app = new ComposeLoader(Map.of()).load(work.resolve("compose.yaml"), Set.of(), PROJECT)
        .service("app");
    String imageId = container.imageId();
    String label = container.label(ComposeLabels.CONFIG_HASH);
    assertThat(label).isEqualTo(ContainerChanges.configHash(app, imageId, ValueDigestKey.in(keyFile.getParent())));
    assertThat(label).isNotEqualTo(ContainerChanges.configHash(app, imageId, ValueDigestKey.of(new byte[32])));
  }

  private static ContainerInfo app() {
    List<ContainerInfo> found = engine.containers(ComposeLabels.service(PROJECT, "app"));
    assertThat(found).as("containers of app").hasSize(1);
    return found.get(0);
  }

  private static String cat(ContainerInfo container) {
    ContainerEngine.ExecResult result = engine.exec(container.id(), List.of("cat", "/run/secrets/token"),
        Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  private static final String COMPOSE = """
      services:
        app:
          image: alpine:3.17
          command: [sleep, "3600"]
          init: true
          secrets: [token]
          environment:
            APP_PASSWORD: ${APP_PASSWORD}
            GREETING: ${GREETING}
      secrets:
        token:
          file: ./token.txt
      """;

  private static final String CONFIG = """
      base:
        project: %s
        compose_file: compose.yaml
        app_profile: local
        docker: {host: "unix:///var/run/docker.sock", tls_verify: false, cert_path: ""}
        ports: {}
        variables: {}
        wait: {timeout: 60s}
      """ + TestStack.SMALL_STACK_SETTINGS + "j2: {}\n";
}
