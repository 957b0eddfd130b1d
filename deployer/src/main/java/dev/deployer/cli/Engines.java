package dev.deployer.cli;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import java.util.function.Function;

/** How commands reach the engine an environment names. */
final class Engines {

  private Engines() {}

  static Function<DeploymentConfig.DockerSettings, ContainerEngine> docker() {
    return settings -> DockerEngines.connect(settings.host(), settings.tlsVerify(), settings.certPath());
  }
}
