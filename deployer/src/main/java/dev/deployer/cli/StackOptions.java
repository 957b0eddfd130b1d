package dev.deployer.cli;

import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.pipeline.DeployRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which environment to act on, and where its files and state are. Shared by every stack command. */
public final class StackOptions {

  @Option(names = {"-e", "--env"}, defaultValue = "local", paramLabel = "ENV",
      description = "Environment section of the config: local, staging, production. Default: ${DEFAULT-VALUE}.")
  String environment;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Deployment config. Default: infrastructure/config/deployment_config.yaml.")
  Path configFile;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:DEPLOYER_STATE_DIR:-.deployer}",
      description = "Where reports, releases and locks are kept. Default: ${DEFAULT-VALUE}.")
  Path stateDirectory;

  @Option(names = "--wait-timeout", paramLabel = "SECONDS",
      description = "How long each service may take to become healthy (overrides the config).")
  Integer waitTimeoutSeconds;

  @Option(names = "--target", paramLabel = "TARGET", converter = TargetConverter.class,
      description = "compose (containers on one engine) or swarm (a Swarm stack). Default: the environment's target.")
  SwarmSettings.Target target;

  DeployRequest request(Map<String, String> environmentVariables) {
    Path config = configFile != null ? configFile : ConfigLoader.DEFAULT_FILE;
    return new DeployRequest(environment, config.toAbsolutePath().normalize(),
        stateDirectory.toAbsolutePath().normalize().resolve(environment), environmentVariables,
        waitTimeoutSeconds == null ? null : Duration.ofSeconds(waitTimeoutSeconds)).withTarget(target);
  }

  /** The environment's deployment config, or empty after telling {@code err} why it cannot be read. */
  Optional<DeploymentConfig> config(PrintWriter err) {
    DeployRequest request = request(System.getenv());
    try {
      return Optional.of(new ConfigLoader(System.getenv()).load(request.configFile(), request.environment()));
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
