package dev.deployer.infrastructure.engine;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A named volume as the engine creates it. {@code driver} null means the engine's default (local). */
public record VolumeConfig(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {

  public VolumeConfig {
    Objects.requireNonNull(name, "name");
    driverOpts = Collections.unmodifiableMap(new TreeMap<>(driverOpts == null ? Map.of() : driverOpts));
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
