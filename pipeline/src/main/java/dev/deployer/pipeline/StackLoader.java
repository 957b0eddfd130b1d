package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads an environment once: deployment_config.yaml for the environment and the compose file it
 * names, and the target it deploys to. Compose variables come from the process environment,
 * overridden by the environment's config (ports, project name, explicit variables), so one machine
 * can run several environments. Services the environment does not publish (its {@code publish}
 * list) lose their host ports here, so everything after sees the ports as deployed.
 */
public final class StackLoader {

  private StackLoader() {}

  public static LoadedStack load(DeployRequest request) throws PipelineException {
    try {
      ConfigLoader loader = new ConfigLoader(request.processEnvironment());
      DeploymentConfig config = request.validation().apply(loader.load(request.configFile(), request.environment()));
      SwarmSettings swarm = loader.loadSwarm(request.configFile(), request.environment());
      Map<String, String> variables = new HashMap<>(request.processEnvironment());
      variables.putAll(config.composeVariables());
      ComposeProject project = config.deployed(
          new ComposeLoader(variables).load(config.composeFile(), Set.of(), config.project()));
      SwarmSettings.Target target = request.target() != null ? request.target() : swarm.target();
      return stack(config, swarm, project, target);
    } catch (ConfigException | ComposeException e) {
      throw new PipelineException(PipelineException.Kind.BAD_CONFIG, e.getMessage(), e);
    }
  }

  /** A release's own config and project, as its snapshot kept them: a rollback deploys to the same target. */
  public static LoadedStack release(DeployRequest request, DeploymentConfig config, ComposeProject project)
      throws PipelineException {
    try {
      SwarmSettings swarm = new ConfigLoader(request.processEnvironment())
          .loadSwarm(config.configFile(), request.environment());
      return stack(config, swarm, project, request.target() != null ? request.target() : swarm.target());
    } catch (ConfigException e) {
      throw new PipelineException(PipelineException.Kind.BAD_CONFIG, e.getMessage(), e);
    }
  }

  /** A bare compose file, as {@code compose up|down} takes it: the compose target, the base defaults. */
  public static LoadedStack composeFile(DeploymentConfig config, ComposeProject project) {
    return new LoadedStack(config, SwarmSettings.DEFAULT, project, new ComposeTarget());
  }

  private static LoadedStack stack(DeploymentConfig config, SwarmSettings swarm, ComposeProject project,
      SwarmSettings.Target target) throws PipelineException {
    LoadedStack.Settings settings = new LoadedStack.Settings(config, swarm, project);
    return new LoadedStack(config, swarm, project, factory(target.name().toLowerCase(Locale.ROOT), settings)
        .create(settings));
  }

  /** The first registered factory of the target named {@code name} that handles {@code settings}. */
  static DeployTarget.Factory factory(String name, LoadedStack.Settings settings) throws PipelineException {
    Set<String> known = new TreeSet<>();
    for (DeployTarget.Factory factory : ServiceLoader.load(DeployTarget.Factory.class,
        StackLoader.class.getClassLoader())) {
      if (factory.name().equals(name) && factory.handles(settings)) {
        return factory;
      }
      known.add(factory.name());
    }
    throw new PipelineException(PipelineException.Kind.BAD_CONFIG, "unknown target " + name + " (known: " + known + ")");
  }
}
