package dev.deployer.infrastructure.compose;

import java.util.List;

/** The {@code deploy} section; every field may be null. */
public record DeploySpec(
    Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits,
    Placement placement) {

  public DeploySpec(Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits) {
    this(replicas, updateConfig, rollbackConfig, limits, null);
  }

  /**
   * {@code deploy.placement}: {@code constraints}, the attributes of {@code preferences: - spread: X},
   * {@code max_replicas_per_node} (null when absent). The single-host target ignores it, as Compose does.
   */
  public record Placement(List<String> constraints, List<String> preferences, Integer maxReplicasPerNode) {

    public Placement {
      constraints = List.copyOf(constraints);
      preferences = List.copyOf(preferences);
    }
  }
}
