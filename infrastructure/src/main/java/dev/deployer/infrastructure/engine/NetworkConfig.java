package dev.deployer.infrastructure.engine;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A network as the engine creates or reports it. {@code driver} null means the engine's default
 * (bridge); {@code options} are the driver's options.
 */
public record NetworkConfig(String name, String driver, Map<String, String> options, Map<String, String> labels,
    boolean internal, boolean attachable) {

  public NetworkConfig {
    Objects.requireNonNull(name, "name");
    options = Collections.unmodifiableMap(new TreeMap<>(options == null ? Map.of() : options));
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
