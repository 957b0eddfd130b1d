package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image-only service whose image is not on the engine is pulled at the pre-deployment checks;
 * where it cannot be (no registry, as on the test machine), the deploy stops there with exit 3,
 * the engine's reason and the way out, and nothing created.
 */
class ImagePullIT {

  static final String PROJECT = "deployer-image-pull";

  @TempDir
  Path work;

  @Test
  void anImageThatCannotBePulledStopsTheDeployAtThePreDeploymentChecks() throws Exception {
    Files.writeString(work.resolve("compose.yaml"), """
        name: %s
        services:
          ghost:
            image: registry.invalid/deployer/never-built:1
        """.formatted(PROJECT));
    StringWriter text = new StringWriter();
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(text, true));
    commandLine.setErr(new PrintWriter(text, true));

    int exitCode = commandLine.execute("compose", "up", "--project-dir", work.toString());

    assertThat(exitCode).as(text.toString()).isEqualTo(ExitCodes.PRE_CHECK_FAILED);
    assertThat(text.toString()).contains("pulling registry.invalid/deployer/never-built:1",
        "registry.invalid/deployer/never-built:1 is missing and could not be pulled", "scripts/setup.sh",
        "nothing was changed");
    try (ContainerEngine engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "")) {
      assertThat(engine.containers(ComposeLabels.project(PROJECT))).isEmpty();
      assertThat(engine.imageId("registry.invalid/deployer/never-built:1")).isEmpty();
    }
  }
}
