package dev.deployer.infrastructure.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A YAML node with its key path, so every error can name the file, line and key. */
final class ConfigNode {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Path file;
  private final Node node;
  private final String path;

  ConfigNode(Path file, Node node, String path) {
    this.file = file;
    this.node = node;
    this.path = path;
  }

  String path() {
    return path;
  }

  Node node() {
    return node;
  }

  ConfigException error(String reason) {
    return new ConfigException(file, node.getStartMark().getLine() + 1, path, reason);
  }

  Map<String, ConfigNode> entries() throws ConfigException {
    if (!(node instanceof MappingNode mapping)) {
      throw error("expected a mapping");
    }
    Map<String, ConfigNode> result = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw new ConfigNode(file, tuple.getKeyNode(), path).error("keys must be plain names");
      }
      String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
      if (result.put(key.getValue(), new ConfigNode(file, tuple.getValueNode(), childPath)) != null) {
        throw new ConfigNode(file, key, childPath).error("duplicate key");
      }
    }
    return result;
  }

  /** The items of a list, each with its path as {@code key[i]}. */
  List<ConfigNode> items() throws ConfigException {
    if (!(node instanceof SequenceNode sequence)) {
      throw error("expected a list");
    }
    List<ConfigNode> result = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      result.add(new ConfigNode(file, sequence.getValue().get(i), path + "[" + i + "]"));
    }
    return result;
  }

  /** Rejects any key not in {@code allowed}: a misspelt setting must not be silently ignored. */
  ConfigNode allowOnly(String... allowed) throws ConfigException {
    Set<String> known = Set.of(allowed);
    for (ConfigNode child : entries().values()) {
      String key = child.path.substring(child.path.lastIndexOf('.') + 1);
      if (!known.contains(key)) {
        throw child.error("unknown key (expected one of " + new TreeSet<>(known) + ")");
      }
    }
    return this;
  }

  ConfigNode child(String key) throws ConfigException {
    ConfigNode child = entries().get(key);
    if (child == null) {
      throw new ConfigNode(file, node, path.isEmpty() ? key : path + "." + key).error("missing setting");
    }
    return child;
  }

  Optional<ConfigNode> optional(String key) throws ConfigException {
    return Optional.ofNullable(entries().get(key));
  }

  String text() throws ConfigException {
    if (!(node instanceof ScalarNode scalar)) {
      throw error("expected a single value");
    }
    return scalar.getValue();
  }

  int integer(int min, int max) throws ConfigException {
    String text = text().trim();
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw error("must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw error("expected a whole number, was '" + text + "'");
    }
  }

  double number(double min, double max) throws ConfigException {
    String text = text().trim();
    String digits = text.endsWith("%") ? text.substring(0, text.length() - 1).trim() : text;
    try {
      double value = Double.parseDouble(digits);
      if (value < min || value > max) {
        throw error("must be between " + min + " and " + max + ", was " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw error("expected a number, was '" + text + "'");
    }
  }

  boolean bool() throws ConfigException {
    String text = text().trim().toLowerCase();
    return switch (text) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error("expected true or false, was '" + text + "'");
    };
  }

  Duration duration() throws ConfigException {
    return parseDuration(text().trim()).orElseThrow(() -> error("expected a duration like 500ms, 15s, 5m, 1h or 7d"));
  }

  static Optional<Duration> parseDuration(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher matcher = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total = total.plus(switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
      end = matcher.end();
    }
    return end == text.length() ? Optional.of(total) : Optional.empty();
  }
}
