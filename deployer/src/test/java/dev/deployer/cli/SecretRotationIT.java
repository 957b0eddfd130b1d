package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `deployer compose up` after a secret's value is rotated, on a real engine: the container whose
 * environment secret changed is recreated and reads the new value, another service is left alone,
 * and a deploy with the same values recreates nothing; the value shows in neither the output nor the
 * container's labels. Project h7-rotate, no host ports.
 */
class SecretRotationIT {

  private static final String PROJECT = "h7-rotate";

  @TempDir
  static Path work;

  static ContainerEngine engine;

  @BeforeAll
  static void connect() {
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    removeLeftovers();
  }

  @AfterAll
  static void tearDown() {
    if (engine != null) {
      removeLeftovers();
      engine.close();
    }
  }

  @Test
  void aRotatedEnvironmentSecretRecreatesItsContainerAndAnUnchangedOneNothing() throws Exception {
    write("h7-token-one", "level=1");
    DeployAndVerifyIT.Run first = compose();
    assertThat(first.exitCode()).as(first.output()).isZero();
    ContainerInfo app = container("app");
    ContainerInfo other = container("other");
    assertThat(cat(app, "/run/secrets/token")).isEqualTo("h7-token-one");

    write("h7-token-two", "level=1");
    DeployAndVerifyIT.Run rotated = compose();

    assertThat(rotated.exitCode()).as(rotated.output()).isZero();
    assertThat(rotated.output()).contains("app recreated").doesNotContain("h7-token-two");
    ContainerInfo newApp = container("app");
    assertThat(newApp.id()).isNotEqualTo(app.id());
    assertThat(cat(newApp, "/run/secrets/token")).isEqualTo("h7-token-two");
    assertThat(newApp.labels().toString()).doesNotContain("h7-token");
    assertThat(container("other").id()).as("a service without the secret is left alone").isEqualTo(other.id());

    DeployAndVerifyIT.Run again = compose();

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).doesNotContain("recreated");
    assertThat(container("app").id()).as("same values: nothing recreated").isEqualTo(newApp.id());

    write("h7-token-two", "level=2");
    DeployAndVerifyIT.Run config = compose();

    assertThat(config.exitCode()).as(config.output()).isZero();
    assertThat(config.output()).contains("app recreated");
    assertThat(cat(container("app"), "/etc/app.conf")).isEqualTo("level=2");
  }

  private static void write(String token, String settings) throws IOException {
    Path dir = work.resolve(PROJECT);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(".env"), "H7_TOKEN=" + token + "\n");
    Files.writeString(dir.resolve("compose.yaml"), """
        name: %s
        services:
          app:
            image: alpine:3.17
            command: [sleep, "3600"]
            init: true
            secrets: [token]
            configs:
              - source: settings
                target: /etc/app.conf
          other:
            image: alpine:3.17
            command: [sleep, "3600"]
            init: true
        secrets:
          token:
            environment: H7_TOKEN
        configs:
          settings:
            content: "%s"
        """.formatted(PROJECT, settings));
  }

  private static void removeLeftovers() {
    for (ContainerInfo container : engine.containers(ComposeLabels.project(PROJECT))) {
      engine.removeContainer(container.id());
    }
    engine.networks(ComposeLabels.project(PROJECT)).forEach(engine::removeNetwork);
    engine.volumes(ComposeLabels.project(PROJECT)).forEach(engine::removeVolume);
  }

  private static String cat(ContainerInfo container, String path) {
    ContainerEngine.ExecResult result = engine.exec(container.id(), List.of("cat", path), Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  private static ContainerInfo container(String service) {
    List<ContainerInfo> found = engine.containers(ComposeLabels.service(PROJECT, service));
    assertThat(found).as("containers of " + service).hasSize(1);
    return found.get(0);
  }

  private static DeployAndVerifyIT.Run compose() {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text, true);
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(writer);
    commandLine.setErr(writer);
    int exitCode = commandLine.execute("compose", "up", "--project-dir", work.resolve(PROJECT).toString());
    return new DeployAndVerifyIT.Run(exitCode, text.toString());
  }
}
