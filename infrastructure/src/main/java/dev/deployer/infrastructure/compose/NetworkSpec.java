package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A top-level network; {@code name} is the engine's name for it. */
public record NetworkSpec(String name, boolean external, String driver, Map<String, String> labels) {

  public NetworkSpec {
    Objects.requireNonNull(name, "name");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
