package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Step 1: reads deployment_config.yaml for the environment and the compose file it names.
 * Compose variables come from the process environment, overridden by the environment's config
 * (ports, project name, explicit variables), so one machine can run several environments. Services
 * the environment does not publish (its {@code publish} list) lose their host ports here, so every
 * later step sees the ports as deployed.
 */
public final class LoadStep implements Step {

  @Override
  public String name() {
    return "load";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    DeployRequest request = context.request();
    try {
      DeploymentConfig config = new ConfigLoader(request.processEnvironment())
          .load(request.configFile(), request.environment());
      Map<String, String> variables = new HashMap<>(request.processEnvironment());
      variables.putAll(config.composeVariables());
      ComposeProject project = config.publishing()
          .apply(new ComposeLoader(variables).load(config.composeFile(), Set.of(), config.project()));
      context.loaded(request.validation().apply(config), project);
      context.events().progress(name(), "environment " + config.environment() + ": project " + project.name()
          + ", services " + project.services().keySet() + ", engine " + config.docker().host());
    } catch (ConfigException | ComposeException e) {
      throw new PipelineException(PipelineException.Kind.BAD_CONFIG, e.getMessage(), e);
    }
  }
}
