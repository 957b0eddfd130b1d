package dev.deployer.infrastructure.compose;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code deploy} section; every field but {@code labels} may be null. {@code mode} is
 * replicated, global, replicated-job or global-job; whether a target honours it, or placement and
 * endpoint_mode, is the target's pre-deployment checks' concern.
 */
public record DeploySpec(
    Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits, String mode,
    Map<String, String> labels, Placement placement, RestartPolicy restartPolicy) {

  public DeploySpec(Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits) {
    this(replicas, updateConfig, rollbackConfig, limits, null, Map.of(), null, null);
  }

  public DeploySpec(Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits,
      String mode, Map<String, String> labels, Placement placement) {
    this(replicas, updateConfig, rollbackConfig, limits, mode, labels, placement, null);
  }

  public DeploySpec {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }

  /**
   * {@code deploy.restart_policy}: the condition (none, on-failure or any; null when not set), the
   * delay between restarts, at most {@code maxAttempts} restarts (null: no limit) counted within
   * {@code window}. The single-host targets apply the condition and attempts as the container's
   * restart policy (see {@link ComposeService#restart()}); the Swarm target applies all of it.
   */
  public record RestartPolicy(String condition, Duration delay, Integer maxAttempts, Duration window) {}

  /**
   * {@code deploy.placement}: {@code constraints}, the attributes of {@code preferences: - spread: X},
   * {@code max_replicas_per_node} (null when absent). Only the Swarm target applies it; the
   * single-host target refuses it in its pre-deployment checks.
   */
  public record Placement(List<String> constraints, List<String> preferences, Integer maxReplicasPerNode) {

    public Placement {
      constraints = List.copyOf(constraints);
      preferences = List.copyOf(preferences);
    }
  }
}
