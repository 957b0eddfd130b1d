package dev.deployer.infrastructure.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the engine says about one container. {@code health} is null when it has no health check. */
public record ContainerInfo(
    String id,
    String name,
    String image,
    String imageId,
    Map<String, String> labels,
    String state,
    String health,
    int exitCode,
    int restartCount,
    boolean oomKilled,
    Instant startedAt,
    List<ContainerSpec.PublishedPort> ports) {

  public boolean running() {
    return "running".equals(state);
  }

  public boolean healthy() {
    return running() && (health == null || "healthy".equals(health));
  }

  public String label(String key) {
    return labels.get(key);
  }
}
