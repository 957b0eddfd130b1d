package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.proxy.Color;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one run of the blue/green target has decided: per routed service, the color that runs the
 * release being deployed (or rolled back to), and whether the run is a rollback.
 */
final class Colors {

  private final Map<String, Color> candidates = new ConcurrentHashMap<>();
  private volatile boolean rollingBack;

  void candidate(String service, Color color) {
    candidates.put(service, color);
  }

  /** The services this run started, each with its color. */
  Map<String, Color> candidates() {
    return Map.copyOf(candidates);
  }

  Color candidate(String service) {
    return candidates.get(service);
  }

  void rollingBack(boolean value) {
    rollingBack = value;
  }

  boolean rollingBack() {
    return rollingBack;
  }
}
