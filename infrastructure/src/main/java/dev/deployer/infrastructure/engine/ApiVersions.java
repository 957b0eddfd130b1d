package dev.deployer.infrastructure.engine;

import java.util.Map;

/** Engine API versions ("1.41") and the settings that need a newer API than some engines speak. */
final class ApiVersions {

  /** Healthcheck {@code StartInterval} came with API 1.44 (Docker Engine 25); older engines drop it. */
  static final String START_INTERVAL = "1.44";

  private ApiVersions() {}

  /** Compares dotted versions numerically: 1.9 before 1.44. */
  static int compare(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      int l = i < left.length ? Integer.parseInt(left[i]) : 0;
      int r = i < right.length ? Integer.parseInt(right[i]) : 0;
      if (l != r) {
        return Integer.compare(l, r);
      }
    }
    return 0;
  }

  /**
   * Refuses a health check with a start interval on an engine that would silently ignore it, as
   * Docker Compose does; {@code labels} (the container's) name the file and service in the error.
   */
  static void checkHealth(ContainerSpec.Health health, String apiVersion, String container, Map<String, String> labels) {
    if (health == null || health.startInterval() == null || compare(apiVersion, START_INTERVAL) >= 0) {
      return;
    }
    String files = labels.get("com.docker.compose.project.config_files");
    String service = labels.get("com.docker.compose.service");
    String where = (files == null || files.isEmpty() ? "" : files + ": ")
        + (service == null ? "container " + container : "service " + service);
    throw new EngineException(where + ": healthcheck.start_interval needs Docker Engine API " + START_INTERVAL
        + " (Docker Engine 25) or later, but the engine speaks API " + apiVersion
        + "; remove start_interval or upgrade the engine");
  }
}
