package dev.deployer.infrastructure.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import dev.deployer.infrastructure.stack.StackResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The up phase of a spec case: a loaded project's containers on the local engine (a previous run's
 * leftovers removed first), and what docker inspect shows.
 */
record SpecStack(ContainerEngine engine, ComposeProject project) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static SpecStack up(ComposeProject project) {
    SpecStack stack = new SpecStack(DockerEngines.connect("unix:///var/run/docker.sock", false, ""), project);
    stack.down();
    up(stack.engine, project);
    return stack;
  }

  /** Removes every container, network (but external ones) and volume of the project. */
  void down() {
    down(engine, project);
  }

  /** Networks, volumes, then each service's container in dependency order, started. */
  private static void up(ContainerEngine engine, ComposeProject project) {
    project.networks().forEach((key, spec) -> {
      if (!spec.external()) {
        engine.ensureNetwork(StackResources.network(project.name(), key, spec));
      }
    });
    project.volumes().forEach((key, spec) -> engine.ensureVolume(StackResources.volume(project.name(), key, spec)));
    for (List<ComposeService> layer : project.startLayers()) {
      for (ComposeService service : layer) {
        engine.startContainer(engine.createContainer(
            ContainerSpecFactory.create(project, service, service.image(), service.configHash(), "specit")));
      }
    }
  }

  private static void down(ContainerEngine engine, ComposeProject project) {
    for (List<ComposeService> layer : project.stopLayers()) {
      for (ComposeService service : layer) {
        engine.container(ContainerSpecFactory.containerName(project, service.name(), 1))
            .ifPresent(c -> engine.removeContainer(c.id()));
      }
    }
    // As Compose: an external network is not the project's to remove.
    project.networks().values().stream().filter(n -> !n.external()).forEach(n -> engine.removeNetwork(n.name()));
    project.volumes().values().forEach(v -> engine.removeVolume(v.name()));
  }

  /** The real {@code docker inspect}, not our client's view of it. */
  static JsonNode inspect(String container) throws IOException, InterruptedException {
    return JSON.readTree(run("docker", "inspect", container)).get(0);
  }

  static String exec(String container, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("docker", "exec", container));
    args.addAll(List.of(command));
    return run(args.toArray(String[]::new));
  }

  static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(item -> result.add(item.asText()));
    return result;
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
