package dev.deployer.infrastructure.engine;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A network as the engine creates or reports it. {@code driver} null means the engine's default
 * (bridge); {@code options} are the driver's options.
 */
public record NetworkConfig(String name, String driver, Map<String, String> options, Map<String, String> labels,
    boolean internal, boolean attachable, String ipamDriver, List<Pool> pools, boolean enableIpv6) {

  public NetworkConfig(String name, String driver, Map<String, String> options, Map<String, String> labels,
      boolean internal, boolean attachable) {
    this(name, driver, options, labels, internal, attachable, null, List.of(), false);
  }

  /** An IPAM address pool; any field may be null. */
  public record Pool(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {}

  public NetworkConfig {
    pools = pools == null ? List.of() : List.copyOf(pools);
    Objects.requireNonNull(name, "name");
    options = Collections.unmodifiableMap(new TreeMap<>(options == null ? Map.of() : options));
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
