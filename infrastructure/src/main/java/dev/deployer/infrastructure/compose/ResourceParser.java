package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Top-level {@code volumes} and {@code networks}. The engine name is the explicit {@code name},
 * else the key itself for an external resource, else {@code <project>_<key>}.
 */
final class ResourceParser {

  private static final Set<String> KEYS = Set.of("name", "external", "driver", "labels");

  private final String project;

  ResourceParser(String project) {
    this.project = project;
  }

  Map<String, VolumeSpec> volumes(YamlValue value) throws ComposeException {
    Map<String, VolumeSpec> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    for (Map.Entry<String, YamlValue> entry : Nodes.mappingOrEmpty(value).entries().entrySet()) {
      Resource r = resource("volume", entry.getKey(), entry.getValue());
      result.put(entry.getKey(), new VolumeSpec(r.name, r.external, r.driver, r.labels));
    }
    return result;
  }

  /** The declared networks, plus the implicit {@code default} network when not declared. */
  Map<String, NetworkSpec> networks(YamlValue value) throws ComposeException {
    Map<String, NetworkSpec> result = new LinkedHashMap<>();
    if (value != null) {
      for (Map.Entry<String, YamlValue> entry : Nodes.mappingOrEmpty(value).entries().entrySet()) {
        Resource r = resource("network", entry.getKey(), entry.getValue());
        result.put(entry.getKey(), new NetworkSpec(r.name, r.external, r.driver, r.labels));
      }
    }
    result.putIfAbsent("default", new NetworkSpec(project + "_default", false, null, Map.of()));
    return result;
  }

  private record Resource(String name, boolean external, String driver, Map<String, String> labels) {}

  private Resource resource(String kind, String key, YamlValue value) throws ComposeException {
    Mapping mapping = Nodes.mappingOrEmpty(value);
    Nodes.allowKeys(mapping, KEYS);
    boolean external = Nodes.bool(mapping.get("external"), false);
    String driver = Nodes.optionalString(mapping.get("driver"));
    Map<String, String> labels =
        mapping.has("labels") ? Nodes.keyValues(mapping.get("labels"), k -> "") : Map.of();
    if (external && (driver != null || !labels.isEmpty())) {
      throw mapping.error(
          "external " + kind + " '" + key + "' cannot also set "
              + (driver != null ? "driver" : "labels"));
    }
    String name = Nodes.optionalString(mapping.get("name"));
    if (name == null || name.isEmpty()) {
      name = external ? key : project + "_" + key;
    }
    return new Resource(name, external, driver, labels);
  }
}
