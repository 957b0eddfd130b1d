package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.stack.StackContainers;
import java.util.Objects;

/**
 * An environment as loaded, once, for every command that acts on it: its config (with the swarm
 * settings), the Compose project as the environment deploys it, and the target it runs on.
 */
public record LoadedStack(DeploymentConfig config, SwarmSettings swarm, ComposeProject project, DeployTarget target) {

  public LoadedStack {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(target, "target");
  }

  /** What a target is made from: the loaded config and project. */
  public record Settings(DeploymentConfig config, SwarmSettings swarm, ComposeProject project) {}

  /** How verify and monitor find the stack's containers. */
  public StackContainers containers() {
    return target.containers(this);
  }

  /** The host on which published ports are reached: loopback for a local engine, else the engine's host. */
  public String publishedHost() {
    String host = config.docker().host();
    if (host.startsWith("tcp://") || host.startsWith("ssh://")) {
      String rest = host.substring(6);
      rest = rest.contains("@") ? rest.substring(rest.indexOf('@') + 1) : rest;
      return rest.split("[:/]")[0];
    }
    return "127.0.0.1";
  }
}
