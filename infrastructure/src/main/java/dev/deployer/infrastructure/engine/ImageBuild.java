package dev.deployer.infrastructure.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An image build for the engine's classic builder: the context directory and either a Dockerfile
 * ({@code dockerfile}, relative to the context, or absolute) or its text ({@code dockerfileInline});
 * the tags ({@code tags.get(0)} names the image), labels and build arguments; and how it builds:
 * a stage ({@code target}), images to take cached layers from, no cache at all, pulling newer base
 * images, the network and {@code /dev/shm} size (bytes) of its RUN steps, extra {@code HOST:IP}
 * entries of their /etc/hosts, and the platform ({@code os/arch}); null or empty when not set.
 * {@code withheld}: directories never sent with the context nor fingerprinted where they lie inside
 * it, whatever its .dockerignore says (the deployer's own state, with its backups' database dumps).
 */
public record ImageBuild(
    Path context,
    String dockerfile,
    String dockerfileInline,
    String target,
    List<String> tags,
    Map<String, String> labels,
    Map<String, String> args,
    List<String> cacheFrom,
    boolean noCache,
    boolean pull,
    String network,
    Long shmSize,
    List<String> extraHosts,
    String platform,
    List<Path> withheld) {

  /** A build that withholds nothing beyond what the context's .dockerignore leaves out. */
  public ImageBuild(Path context, String dockerfile, String dockerfileInline, String target, List<String> tags,
      Map<String, String> labels, Map<String, String> args, List<String> cacheFrom, boolean noCache, boolean pull,
      String network, Long shmSize, List<String> extraHosts, String platform) {
    this(context, dockerfile, dockerfileInline, target, tags, labels, args, cacheFrom, noCache, pull, network, shmSize,
        extraHosts, platform, List.of());
  }

  /** A build from a Dockerfile in the context and nothing else set. */
  public ImageBuild(Path context, String dockerfile, String target, List<String> tags, Map<String, String> labels,
      Map<String, String> args) {
    this(context, dockerfile, null, target, tags, labels, args, List.of(), false, false, null, null, List.of(), null);
  }

  public ImageBuild {
    Objects.requireNonNull(context, "context");
    if ((dockerfile == null) == (dockerfileInline == null)) {
      throw new IllegalArgumentException("a build needs either a Dockerfile or its text, not both or neither");
    }
    if (tags == null || tags.isEmpty()) {
      throw new IllegalArgumentException("a build needs at least one tag");
    }
    tags = List.copyOf(tags);
    labels = sorted(labels);
    args = sorted(args);
    cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    withheld = withheld == null ? List.of() : List.copyOf(withheld);
  }

  /** The same build with further labels on the image (the caller's own over the build's). */
  public ImageBuild withLabels(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(labels);
    all.putAll(more);
    return new ImageBuild(context, dockerfile, dockerfileInline, target, tags, all, args, cacheFrom, noCache, pull,
        network, shmSize, extraHosts, platform, withheld);
  }

  /** The same build, withholding {@code directories} too. */
  public ImageBuild withholding(List<Path> directories) {
    List<Path> all = new ArrayList<>(withheld);
    all.addAll(directories);
    return new ImageBuild(context, dockerfile, dockerfileInline, target, tags, labels, args, cacheFrom, noCache, pull,
        network, shmSize, extraHosts, platform, all);
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map == null ? Map.of() : map));
  }
}
