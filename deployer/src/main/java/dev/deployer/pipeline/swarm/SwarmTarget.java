package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import java.util.function.Function;

/** Which target a run deploys to, and the environment's swarm settings. */
public final class SwarmTarget {

  /** How swarm steps reach the environment's engine by default. */
  public static final Function<DeploymentConfig.DockerSettings, SwarmEngine> ENGINES =
      settings -> DockerEngines.connectSwarm(settings.host(), settings.tlsVerify(), settings.certPath());

  private SwarmTarget() {}

  /** The command line's {@code --target}, else the environment's {@code target:}; a bare compose file is compose. */
  public static boolean isSwarm(DeployContext context) throws PipelineException {
    SwarmSettings.Target requested = context.request().target();
    if (requested != null) {
      return requested == SwarmSettings.Target.SWARM;
    }
    DeploymentConfig config = context.config();
    if (config.configFile().equals(config.composeFile())) {
      return false;
    }
    return settings(context).target() == SwarmSettings.Target.SWARM;
  }

  /** How the stack's containers are found on the run's target: Compose containers or Swarm task containers. */
  public static StackContainers containers(DeployContext context) throws PipelineException {
    if (!isSwarm(context)) {
      return StackContainers.compose(context.project().name());
    }
    SwarmSettings swarm = settings(context);
    return StackContainers.swarm(context.project().name(), service -> swarm.service(service).publish());
  }

  /** The environment's swarm settings, read from its deployment config. */
  public static SwarmSettings settings(DeployContext context) throws PipelineException {
    try {
      return new ConfigLoader(context.request().processEnvironment())
          .loadSwarm(context.config().configFile(), context.request().environment());
    } catch (ConfigException e) {
      throw new PipelineException(PipelineException.Kind.BAD_CONFIG, e.getMessage(), e);
    }
  }
}
