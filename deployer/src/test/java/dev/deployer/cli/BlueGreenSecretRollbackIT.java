package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.proxy.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback behind the blue/green edge puts back the file secret the release was deployed with, on
 * the real engine, with a stack of its own (project j5-bg, ports 31260-31261): r1 runs with the
 * secret file saying "one", r2 after it says "two"; web's warm color and worker's stopped one mount
 * r1's copy of the file, so when the rollback takes the warm web back and starts the stopped worker,
 * both read "one" while the file itself still says "two".
 */
class BlueGreenSecretRollbackIT {

  @TempDir
  static Path work;

  static BlueGreenTestStack stack;

  @BeforeAll
  static void setUp() throws IOException {
    stack = BlueGreenTestStack.start(work, "j5", "j5-bg", 31260, "", SERVICES);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aRollbackToTheWarmAndTheStoppedColorReadsTheSecretTheReleaseHad() throws Exception {
    Path secret = work.resolve("token.txt");
    Files.writeString(secret, "one");
    Run first = stack.deploy(stack.config("r1", Map.of()));
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(token("web", Color.BLUE)).isEqualTo("one");

    Files.writeString(secret, "two");
    Run second = stack.deploy(stack.config("r2", Map.of()));
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(token("web", Color.GREEN)).isEqualTo("two");
    assertThat(token("worker", Color.GREEN)).isEqualTo("two");
    assertThat(stack.color("worker", Color.BLUE).running()).as("stop_previous: worker's old color").isFalse();

    Run rollback = stack.run("rollback", stack.config("r2", Map.of()), "--yes", "--reason", "j5 secret drill",
        "--wait-timeout=60");
    System.out.println("[j5] output of the rollback:\n" + rollback.output());

    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(stack.edgeHealth()).contains("\"release\":\"r1\"");
    assertThat(token("web", Color.BLUE)).as("the warm color, taken back").isEqualTo("one");
    assertThat(token("worker", Color.BLUE)).as("the stopped color, started again").isEqualTo("one");
    assertThat(BlueGreenTestStack.health(stack.webPort() + 1)).contains("\"release\":\"r1\"");
    assertThat(Files.readString(secret)).as("the operator's file is left alone").isEqualTo("two");
  }

  /** The secret as {@code service}'s container of {@code color}, which must run, reads it. */
  private static String token(String service, Color color) {
    ContainerInfo container = stack.color(service, color);
    assertThat(container.running()).as(container.name()).isTrue();
    return stack.cat(container.id(), "/run/secrets/token");
  }

  /** Both services mount the token; their post_start writes the health page. */
  private static final BlueGreenTestStack.Services SERVICES = new BlueGreenTestStack.Services("""
      secrets: [token]
      post_start:
        - command: [sh, -c, '%s']
      """.formatted(BlueGreenTestStack.WRITE_HEALTH_PAGE), """
      environment: {RELEASE: "${RELEASE}"}
      """, """
      environment: {RELEASE: "${RELEASE}"}
      """, """
      secrets:
        token:
          file: ./token.txt
      """);
}
