package dev.deployer.infrastructure.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A value of a loaded YAML tree with its key path, so that a bad value names where it is. */
final class Node {

  private final Object value;
  private final String path;

  Node(Object value, String path) {
    this.value = value;
    this.path = path;
  }

  Node get(String key) {
    Node child = optional(key);
    if (child == null) {
      throw new BaselineException(where(key) + ": missing");
    }
    return child;
  }

  Node optional(String key) {
    Object child = map().get(key);
    return child == null ? null : new Node(child, where(key));
  }

  Map<String, Node> entries() {
    Map<String, Node> result = new LinkedHashMap<>();
    map().forEach((key, child) -> result.put(String.valueOf(key), new Node(child, where(String.valueOf(key)))));
    return result;
  }

  List<Node> items() {
    if (!(value instanceof List<?> list)) {
      throw new BaselineException(path + ": expected a list");
    }
    List<Node> result = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      result.add(new Node(list.get(i), path + "[" + i + "]"));
    }
    return result;
  }

  List<String> texts() {
    return items().stream().map(Node::text).toList();
  }

  String text() {
    if (value instanceof Map || value instanceof List) {
      throw new BaselineException(path + ": expected a scalar");
    }
    return String.valueOf(value);
  }

  int integer() {
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new BaselineException(path + ": expected an integer, got " + value);
    }
    return ((Number) value).intValue();
  }

  double number() {
    if (!(value instanceof Number number)) {
      throw new BaselineException(path + ": expected a number, got " + value);
    }
    return number.doubleValue();
  }

  boolean bool() {
    if (!(value instanceof Boolean flag)) {
      throw new BaselineException(path + ": expected true or false, got " + value);
    }
    return flag;
  }

  private Map<?, ?> map() {
    if (!(value instanceof Map<?, ?> map)) {
      throw new BaselineException((path.isEmpty() ? "the file" : path) + ": expected a mapping");
    }
    return map;
  }

  private String where(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
