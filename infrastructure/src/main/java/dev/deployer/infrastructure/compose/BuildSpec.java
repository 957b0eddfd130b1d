package dev.deployer.infrastructure.compose;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A service's {@code build} section, as far as the engine's classic builder can honour it. The
 * context is absolute; {@code dockerfile} is null exactly when {@code dockerfileInline} gives the
 * Dockerfile's text; {@code target} a stage or null; {@code shmSize} bytes or null; extra hosts
 * as {@code HOST:IP}; lists empty and flags false when not set.
 */
public record BuildSpec(
    Path context,
    String dockerfile,
    String dockerfileInline,
    Map<String, String> args,
    String target,
    Map<String, String> labels,
    List<String> tags,
    List<String> cacheFrom,
    boolean noCache,
    boolean pull,
    String network,
    Long shmSize,
    List<String> extraHosts,
    List<String> platforms) {

  public BuildSpec(Path context, String dockerfile, Map<String, String> args) {
    this(context, dockerfile, args, null);
  }

  public BuildSpec(Path context, String dockerfile, Map<String, String> args, String target) {
    this(context, dockerfile, null, args, target, Map.of(), List.of(), List.of(), false, false, null, null, List.of(),
        List.of());
  }

  public BuildSpec {
    Objects.requireNonNull(context, "context");
    dockerfile = dockerfile == null && dockerfileInline == null ? "Dockerfile" : dockerfile;
    args = sorted(args);
    labels = sorted(labels);
    tags = tags == null ? List.of() : List.copyOf(tags);
    cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
  }

  /** The same build from another context directory (a release's copy of the project). */
  public BuildSpec withContext(Path other) {
    return new BuildSpec(other, dockerfile, dockerfileInline, args, target, labels, tags, cacheFrom, noCache, pull,
        network, shmSize, extraHosts, platforms);
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map == null ? Map.of() : map));
  }
}
