package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.VolumeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The networks and volumes Docker Compose would create for a project's top-level entries: the
 * file's driver, options and labels, plus the Compose labels that mark them as the project's.
 */
public final class StackResources {

  private StackResources() {}

  public static NetworkConfig network(String project, String key, NetworkSpec spec) {
    NetworkSpec.Ipam ipam = spec.ipam();
    return new NetworkConfig(spec.name(), spec.driver(), spec.driverOpts(),
        withComposeLabels(spec.labels(), ComposeLabels.network(project, key)), spec.internal(), spec.attachable(),
        ipam == null ? null : ipam.driver(),
        ipam == null ? List.of() : ipam.config().stream()
            .map(p -> new NetworkConfig.Pool(p.subnet(), p.ipRange(), p.gateway(), p.auxAddresses())).toList(),
        spec.enableIpv6());
  }

  public static VolumeConfig volume(String project, String key, VolumeSpec spec) {
    return new VolumeConfig(spec.name(), spec.driver(), spec.driverOpts(),
        withComposeLabels(spec.labels(), ComposeLabels.volume(project, key)));
  }

  /**
   * How an existing network differs from the one the file wants, one line per setting (empty: it
   * fits). Driver, internal and attachable must match, and every driver option the file sets;
   * labels and options the engine added are not compared.
   */
  public static List<String> drift(NetworkConfig wanted, NetworkConfig existing) {
    List<String> differences = new ArrayList<>();
    compare(differences, "driver", orDefault(wanted.driver(), "bridge"), orDefault(existing.driver(), "bridge"));
    compare(differences, "internal", String.valueOf(wanted.internal()), String.valueOf(existing.internal()));
    compare(differences, "attachable", String.valueOf(wanted.attachable()), String.valueOf(existing.attachable()));
    wanted.options().forEach((key, value) -> compare(differences, "option " + key, value, existing.options().get(key)));
    return differences;
  }

  /** How an existing volume differs from the one the file wants: its driver and the driver options the file sets. */
  public static List<String> drift(VolumeConfig wanted, VolumeConfig existing) {
    List<String> differences = new ArrayList<>();
    compare(differences, "driver", orDefault(wanted.driver(), "local"), orDefault(existing.driver(), "local"));
    wanted.driverOpts().forEach((key, value) -> compare(differences, "option " + key, value,
        existing.driverOpts().get(key)));
    return differences;
  }

  private static void compare(List<String> differences, String setting, String wanted, String actual) {
    if (!Objects.equals(wanted, actual)) {
      differences.add(setting + " " + (actual == null ? "unset" : actual) + " (the file: " + wanted + ")");
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The file's labels, with Compose's own winning over a file label of the same key. */
  private static Map<String, String> withComposeLabels(Map<String, String> labels, Map<String, String> compose) {
    Map<String, String> result = new TreeMap<>(labels);
    result.putAll(compose);
    return result;
  }
}
