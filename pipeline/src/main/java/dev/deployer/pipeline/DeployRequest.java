package dev.deployer.pipeline;

import dev.deployer.infrastructure.config.SwarmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the operator asked for: which environment, from which files, with which overrides.
 * {@code target} is the command line's {@code --target}; null lets the environment's config decide.
 * {@code imageTag}: deploy the built services from this existing tag of their image instead of
 * building them (null: build).
 */
public record DeployRequest(
    String environment,
    Path configFile,
    Path stateDirectory,
    Map<String, String> processEnvironment,
    Duration waitTimeoutOverride,
    ValidationOverrides validation,
    SwarmSettings.Target target,
    String imageTag) {

  public DeployRequest {
    processEnvironment = Map.copyOf(processEnvironment);
    validation = validation == null ? ValidationOverrides.NONE : validation;
  }

  public DeployRequest(String environment, Path configFile, Path stateDirectory,
      Map<String, String> processEnvironment, Duration waitTimeoutOverride) {
    this(environment, configFile, stateDirectory, processEnvironment, waitTimeoutOverride, ValidationOverrides.NONE);
  }

  public DeployRequest(String environment, Path configFile, Path stateDirectory,
      Map<String, String> processEnvironment, Duration waitTimeoutOverride, ValidationOverrides validation) {
    this(environment, configFile, stateDirectory, processEnvironment, waitTimeoutOverride, validation, null, null);
  }

  public DeployRequest withValidation(ValidationOverrides overrides) {
    return new DeployRequest(environment, configFile, stateDirectory, processEnvironment, waitTimeoutOverride,
        overrides, target, imageTag);
  }

  public DeployRequest withTarget(SwarmSettings.Target newTarget) {
    return new DeployRequest(environment, configFile, stateDirectory, processEnvironment, waitTimeoutOverride,
        validation, newTarget, imageTag);
  }

  public DeployRequest withImageTag(String tag) {
    return new DeployRequest(environment, configFile, stateDirectory, processEnvironment, waitTimeoutOverride,
        validation, target, tag);
  }
}
