package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.VolumeConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * The networks and volumes Docker Compose would create for a project's top-level entries: the
 * file's driver, options and labels, plus the Compose labels that mark them as the project's.
 */
public final class StackResources {

  private StackResources() {}

  public static NetworkConfig network(String project, String key, NetworkSpec spec) {
    return new NetworkConfig(spec.name(), spec.driver(), spec.driverOpts(),
        withComposeLabels(spec.labels(), ComposeLabels.network(project, key)), spec.internal(), spec.attachable());
  }

  public static VolumeConfig volume(String project, String key, VolumeSpec spec) {
    return new VolumeConfig(spec.name(), spec.driver(), spec.driverOpts(),
        withComposeLabels(spec.labels(), ComposeLabels.volume(project, key)));
  }

  /** The file's labels, with Compose's own winning over a file label of the same key. */
  private static Map<String, String> withComposeLabels(Map<String, String> labels, Map<String, String> compose) {
    Map<String, String> result = new TreeMap<>(labels);
    result.putAll(compose);
    return result;
  }
}
