package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A top-level volume; {@code name} is the engine's name for it. */
public record VolumeSpec(String name, boolean external, String driver, Map<String, String> labels) {

  public VolumeSpec {
    Objects.requireNonNull(name, "name");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
