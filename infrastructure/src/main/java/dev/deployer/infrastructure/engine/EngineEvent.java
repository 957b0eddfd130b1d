package dev.deployer.infrastructure.engine;

import java.time.Instant;
import java.util.Map;

/** A container event from the engine's stream: die, oom, start, health_status: unhealthy, ... */
public record EngineEvent(Instant time, String containerId, String action, Map<String, String> attributes) {

  public String service() {
    return attributes.get("com.docker.compose.service");
  }
}
