package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.DeploymentConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Step 1 for `deployer compose up|down`: any compose file, no deployment config, the engine from DOCKER_HOST. */
public final class ComposeLoadStep implements Step {

  private final List<Path> composeFiles;
  private final Set<String> profiles;

  /** @param composeFiles one file, or several merged as `docker compose -f a -f b` does */
  public ComposeLoadStep(List<Path> composeFiles, Set<String> profiles) {
    this.composeFiles = List.copyOf(composeFiles);
    this.profiles = Set.copyOf(profiles);
  }

  public ComposeLoadStep(Path composeFile, Set<String> profiles) {
    this(List.of(composeFile), profiles);
  }

  @Override
  public String name() {
    return "load";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    try {
      ComposeProject project = new ComposeLoader(context.request().processEnvironment())
          .load(composeFiles, profiles, null);
      context.loaded(StackLoader.composeFile(DeploymentConfig.forComposeFile(project.name(), composeFiles.get(0),
          context.request().processEnvironment()), project));
      context.events().progress(name(), "project " + project.name() + ", services " + project.services().keySet());
    } catch (ComposeException e) {
      throw new PipelineException(PipelineException.Kind.BAD_CONFIG, e.getMessage(), e);
    }
  }
}
