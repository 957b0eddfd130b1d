package dev.deployer.cli;

import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.pipeline.DeployRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which environment to act on, and where its files and state are. Shared by every stack command. */
public final class StackOptions {

  @Option(names = {"-e", "--env"}, defaultValue = "local", paramLabel = "ENV",
      description = "Environment section of the config: local, staging, production. Default: ${DEFAULT-VALUE}.")
  String environment;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Deployment config. Default: infrastructure/config/deployment_config.yaml of the deployer's"
          + " own repository, wherever it is run from.")
  Path configFile;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = {"Where releases, rollback requests, the audit trail, backups and reports are kept (one"
          + " subdirectory per environment). Default: $DEPLOYER_STATE_DIR, else"
          + " ${XDG_STATE_HOME:-~/.local/state}/deployer/<engine id>/<project>, the same from every directory.",
          "The deploy lock is always on the engine."})
  Path stateDirectory;

  @Option(names = "--wait-timeout", paramLabel = "DURATION", converter = Durations.Seconds.class,
      description = "How long each service may take to become healthy, e.g. 90s or 3m; a bare number is seconds"
          + " (overrides the config).")
  Duration waitTimeout;

  @Option(names = "--target", paramLabel = "TARGET", converter = TargetConverter.class,
      description = "compose (containers on one engine) or swarm (a Swarm stack). Default: the environment's target.")
  SwarmSettings.Target target;

  Function<DeploymentConfig.DockerSettings, ContainerEngine> engines = Engines.docker();

  /**
   * The request; without {@code --state-dir} or {@code DEPLOYER_STATE_DIR} its state directory is
   * the target's, which takes the config (for the project) and the engine (for its id): a config
   * that cannot be read is a {@link ConfigUnreadable}, an engine that does not answer an
   * {@code EngineUnavailableException}.
   */
  DeployRequest request(Map<String, String> environmentVariables) {
    Path config = (configFile != null ? configFile : Installation.defaultConfig()).toAbsolutePath().normalize();
    Path named = StateDirectories.named(stateDirectory, environmentVariables);
    Path state = named != null ? named.toAbsolutePath().normalize().resolve(environment)
        : targetState(config, environmentVariables);
    return new DeployRequest(environment, config, state, environmentVariables,
        waitTimeout).withTarget(target);
  }

  private Path targetState(Path configPath, Map<String, String> environmentVariables) {
    DeploymentConfig config;
    try {
      config = new ConfigLoader(environmentVariables).load(configPath, environment);
    } catch (ConfigException e) {
      throw new ConfigUnreadable(e);
    }
    try (ContainerEngine engine = engines.apply(config.docker())) {
      String id = engine.info().id();
      return StateDirectories.ofTarget(environmentVariables, id != null ? id : config.docker().host(), config.project());
    }
  }

  /** The config could not be read while finding the state directory: exit 2, like any bad config. */
  static final class ConfigUnreadable extends RuntimeException {
    ConfigUnreadable(ConfigException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The environment's deployment config, or empty after telling {@code err} why it cannot be read. */
  Optional<DeploymentConfig> config(PrintWriter err) {
    Path config = (configFile != null ? configFile : Installation.defaultConfig()).toAbsolutePath().normalize();
    try {
      return Optional.of(new ConfigLoader(System.getenv()).load(config, environment));
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return Optional.empty();
    }
  }

  static final class TargetConverter implements CommandLine.ITypeConverter<SwarmSettings.Target> {
    @Override
    public SwarmSettings.Target convert(String value) {
      return SwarmSettings.Target.parse(value).orElseThrow(() ->
          new CommandLine.TypeConversionException("expected compose or swarm, was '" + value + "'"));
    }
  }
}
