package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A top-level volume; {@code name} is the engine's name for it. {@code driver} is null for the
 * engine's default (local); an external volume sets nothing but its name.
 */
public record VolumeSpec(String name, boolean external, String driver, Map<String, String> driverOpts,
    Map<String, String> labels) {

  public VolumeSpec {
    Objects.requireNonNull(name, "name");
    driverOpts = Collections.unmodifiableMap(new TreeMap<>(driverOpts == null ? Map.of() : driverOpts));
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
