package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Typed reads from {@link YamlValue}s, each failing with the value's file, line and key. */
final class Nodes {

  private Nodes() {}

  /** Rejects any key outside {@code allowed}; {@code x-} extension keys are always allowed. */
  static void allowKeys(Mapping mapping, Set<String> allowed) throws ComposeException {
    for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
      String key = entry.getKey();
      if (!allowed.contains(key) && !key.startsWith("x-")) {
        String suggestion = closest(key, allowed);
        throw entry.getValue().error("unknown or unsupported key '" + key + "'"
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
      }
    }
  }

  /** The allowed key within edit distance 2 of a misspelt one, if any. */
  private static String closest(String key, Set<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : new TreeSet<>(allowed)) {
      int distance = editDistance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  static Mapping mapping(YamlValue value) throws ComposeException {
    if (value instanceof Mapping mapping) {
      return mapping;
    }
    throw value.error("must be a mapping, not " + value.kind());
  }

  /** A mapping, or an empty one for a YAML null ({@code db-data:} with nothing after it). */
  static Mapping mappingOrEmpty(YamlValue value) throws ComposeException {
    if (value instanceof Scalar scalar && scalar.isNull()) {
      return new Mapping(Map.of(), value.location());
    }
    return mapping(value);
  }

  static String string(YamlValue value) throws ComposeException {
    if (value instanceof Scalar scalar && !scalar.isNull()) {
      return scalar.value();
    }
    throw value.error("must be a string, not " + value.kind());
  }

  /** A string, or null for an absent or null value. */
  static String optionalString(YamlValue value) throws ComposeException {
    if (value == null || (value instanceof Scalar scalar && scalar.isNull())) {
      return null;
    }
    return string(value);
  }

  static boolean bool(YamlValue value) throws ComposeException {
    String text = string(value);
    return switch (text) {
      case "true", "True", "TRUE" -> true;
      case "false", "False", "FALSE" -> false;
      default -> throw value.error("must be true or false, not '" + text + "'");
    };
  }

  static boolean bool(YamlValue value, boolean absent) throws ComposeException {
    return value == null ? absent : bool(value);
  }

  static int integer(YamlValue value) throws ComposeException {
    String text = string(value);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw value.error("must be an integer, not '" + text + "'");
    }
  }

  static Integer optionalInteger(YamlValue value) throws ComposeException {
    return value == null ? null : integer(value);
  }

  static double number(YamlValue value) throws ComposeException {
    String text = string(value);
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw value.error("must be a number, not '" + text + "'");
    }
  }

  static Duration duration(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    String text = string(value);
    Duration duration = GoDuration.parse(text);
    if (duration == null) {
      throw value.error("invalid duration '" + text + "' (use e.g. 10s, 1m30s, 500ms)");
    }
    return duration;
  }

  static Sequence sequence(YamlValue value) throws ComposeException {
    if (value instanceof Sequence sequence) {
      return sequence;
    }
    throw value.error("must be a list, not " + value.kind());
  }

  static List<String> stringList(YamlValue value) throws ComposeException {
    List<String> result = new ArrayList<>();
    for (YamlValue item : sequence(value).items()) {
      result.add(string(item));
    }
    return result;
  }

  /** A single string or a list of strings. */
  static List<String> stringOrList(YamlValue value) throws ComposeException {
    return value instanceof Sequence ? stringList(value) : List.of(string(value));
  }

  /**
   * {@code KEY=value} pairs given as a list or a mapping (environment, labels, build args). A
   * key without a value ({@code - KEY} or {@code KEY:}) gets {@code withoutValue.apply(KEY)}, and
   * is left out when that is null.
   */
  static Map<String, String> keyValues(YamlValue value, Function<String, String> withoutValue)
      throws ComposeException {
    Map<String, String> result = new LinkedHashMap<>();
    if (value instanceof Sequence sequence) {
      for (YamlValue item : sequence.items()) {
        String entry = string(item);
        int eq = entry.indexOf('=');
        String key = eq < 0 ? entry : entry.substring(0, eq);
        if (key.isEmpty()) {
          throw item.error("missing name before '=' in '" + entry + "'");
        }
        putValue(result, key, eq < 0 ? withoutValue.apply(key) : entry.substring(eq + 1));
      }
      return result;
    }
    for (Map.Entry<String, YamlValue> entry : mapping(value).entries().entrySet()) {
      YamlValue item = entry.getValue();
      if (!(item instanceof Scalar)) {
        throw item.error("must be a string, not " + item.kind());
      }
      String text = ((Scalar) item).value();
      putValue(result, entry.getKey(), text == null ? withoutValue.apply(entry.getKey()) : text);
    }
    return result;
  }

  private static void putValue(Map<String, String> result, String key, String value) {
    if (value != null) {
      result.put(key, value);
    }
  }
}
