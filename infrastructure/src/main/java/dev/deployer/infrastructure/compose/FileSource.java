package dev.deployer.infrastructure.compose;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A top-level secret or config (08-configs.md, 09-secrets.md): where its value comes from, and the
 * engine name it has ({@code name}, else the key for an external one, else {@code <project>_<key>}).
 * {@code value} is the environment variable's value (null when it is not set) or the interpolated
 * {@code content}; it is never printed: {@link #toString()} leaves it out.
 */
public record FileSource(
    String key,
    String name,
    Kind kind,
    Path file,
    String environment,
    String value,
    Map<String, String> labels,
    String driver,
    Map<String, String> driverOpts,
    String templateDriver) {

  /** Where the value comes from: a host file, an environment variable, inline content, or a Swarm's own. */
  public enum Kind {
    FILE,
    ENVIRONMENT,
    CONTENT,
    EXTERNAL
  }

  public FileSource {
    labels = sorted(labels);
    driverOpts = sorted(driverOpts);
  }

  public boolean external() {
    return kind == Kind.EXTERNAL;
  }

  /** The same source read from another host file (a release's copy of it). */
  public FileSource withFile(Path otherFile) {
    return new FileSource(key, name, kind, otherFile, environment, value, labels, driver, driverOpts, templateDriver);
  }

  /** True when the value is put into the container (not bind-mounted from a host file). */
  public boolean injected() {
    return kind == Kind.ENVIRONMENT || kind == Kind.CONTENT;
  }

  @Override
  public String toString() {
    return "FileSource[key=" + key + ", name=" + name + ", kind=" + kind + ", file=" + file + ", environment="
        + environment + ", value=" + (value == null ? "unset" : "(" + value.length() + " chars)") + ", labels="
        + labels + ", driver=" + driver + ", driverOpts=" + driverOpts + ", templateDriver=" + templateDriver + "]";
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map == null ? Map.of() : map));
  }
}
