package dev.deployer.infrastructure.compose;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A service's {@code build} section; the context is absolute, {@code target} a stage or null. */
public record BuildSpec(Path context, String dockerfile, Map<String, String> args, String target) {

  public BuildSpec(Path context, String dockerfile, Map<String, String> args) {
    this(context, dockerfile, args, null);
  }

  public BuildSpec {
    Objects.requireNonNull(context, "context");
    dockerfile = dockerfile == null ? "Dockerfile" : dockerfile;
    args = Collections.unmodifiableMap(new TreeMap<>(args == null ? Map.of() : args));
  }
}
