package dev.deployer.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What the operator asked for: which environment, from which files, with which overrides. */
public record DeployRequest(
    String environment,
    Path configFile,
    Path stateDirectory,
    Map<String, String> processEnvironment,
    Duration waitTimeoutOverride,
    ValidationOverrides validation) {

  public DeployRequest {
    processEnvironment = Map.copyOf(processEnvironment);
    validation = validation == null ? ValidationOverrides.NONE : validation;
  }

  public DeployRequest(String environment, Path configFile, Path stateDirectory,
      Map<String, String> processEnvironment, Duration waitTimeoutOverride) {
    this(environment, configFile, stateDirectory, processEnvironment, waitTimeoutOverride, ValidationOverrides.NONE);
  }

  public DeployRequest withValidation(ValidationOverrides overrides) {
    return new DeployRequest(environment, configFile, stateDirectory, processEnvironment, waitTimeoutOverride,
        overrides);
  }
}
