package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * `deployer compose up` on the real engine of a compose file whose keys the pre-deployment checks
 * refuse, in a directory of its own: the file, what the command printed, and the check that the
 * project got nothing on the engine.
 */
final class RefusedComposeUp implements AutoCloseable {

  final ContainerEngine engine;
  private final Path dir;
  private final String project;

  /** {@code project}: the {@code name} of the compose files {@link #up} is given. */
  RefusedComposeUp(Path dir, String project) {
    this.engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    this.dir = dir;
    this.project = project;
  }

  /** Where {@link #up} writes the compose file. */
  String file() {
    return dir.resolve("compose.yaml").toString();
  }

  /** Writes {@code composeFile} and runs {@code compose up} on it; the output has stdout and stderr. */
  Run up(String composeFile) throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), composeFile);
    Cli cli = Cli.execute("compose", "up", "--project-dir", dir.toString());
    return new Run(cli.exit(), cli.out() + cli.err());
  }

  /** No container of the project and no default network: nothing changed on the engine. */
  void assertNothingCreated() {
    assertThat(engine.containers(Map.of("com.docker.compose.project", project))).isEmpty();
    assertThat(engine.network(project + "_default")).isEmpty();
  }

  /** Removes what a failed refusal left of the project, and closes the engine's client. */
  @Override
  public void close() {
    try {
      engine.containers(Map.of("com.docker.compose.project", project)).forEach(c -> engine.removeContainer(c.id()));
      if (engine.network(project + "_default").isPresent()) {
        engine.removeNetwork(project + "_default");
      }
    } finally {
      engine.close();
    }
  }
}
