package dev.deployer.infrastructure.compose;

import java.util.List;
import java.util.Map;

/**
 * A YAML value after anchors and merge keys are resolved and scalars interpolated, that still
 * knows where it came from (file, line, key path) so every error can name them.
 */
sealed interface YamlValue permits YamlValue.Scalar, YamlValue.Mapping, YamlValue.Sequence {

  /** Where a value sits: the line of its key (or item) and its key path. */
  record Location(String file, int line, String path) {

    Location child(String key, int keyLine) {
      return new Location(file, keyLine, path.isEmpty() ? key : path + "." + key);
    }

    Location item(int index, int itemLine) {
      return new Location(file, itemLine, path + "[" + index + "]");
    }
  }

  Location location();

  default String path() {
    return location().path();
  }

  default ComposeException error(String reason) {
    Location at = location();
    return new ComposeException(at.file(), at.line(), at.path(), reason);
  }

  /** A scalar; {@code value} is null for a YAML null (empty value, {@code ~}, {@code null}). */
  record Scalar(String value, Location location) implements YamlValue {

    boolean isNull() {
      return value == null;
    }
  }

  /** A mapping in file order. */
  record Mapping(Map<String, YamlValue> entries, Location location) implements YamlValue {

    YamlValue get(String key) {
      return entries.get(key);
    }

    boolean has(String key) {
      return entries.containsKey(key);
    }
  }

  /** A sequence. */
  record Sequence(List<YamlValue> items, Location location) implements YamlValue {}

  default String kind() {
    if (this instanceof Mapping) {
      return "a mapping";
    }
    if (this instanceof Sequence) {
      return "a list";
    }
    return ((Scalar) this).isNull() ? "empty" : "a scalar";
  }
}
