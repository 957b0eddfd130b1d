package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code deploy} section; every field but {@code labels} may be null. {@code mode} is
 * replicated, global, replicated-job or global-job; whether a target honours it is the target's
 * pre-deployment checks' concern, as for placement and endpoint_mode (only their places are kept).
 */
public record DeploySpec(
    Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits, String mode,
    Map<String, String> labels) {

  public DeploySpec(Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits) {
    this(replicas, updateConfig, rollbackConfig, limits, null, Map.of());
  }

  public DeploySpec {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
