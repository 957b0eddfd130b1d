package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After merging, keeps one entry per key in the lists compose-go treats as sets
 * ({@code override/uncity.go}): a later entry with the same key replaces the earlier one in its
 * place. Ports by their whole text (or host_ip:published:target/protocol), volumes and devices by
 * target, secrets and configs by mount path, env_file by path, the rest by the name before '='.
 */
final class Unicity {

  private interface Indexer {
    String key(YamlValue item) throws ComposeException;
  }

  private static final Map<String, Indexer> UNIQUE = new LinkedHashMap<>();

  static {
    Indexer keyValue = Unicity::keyValue;
    for (String path : List.of("networks.*.labels", "networks.*.ipam.options", "services.*.annotations",
        "services.*.build.args", "services.*.build.additional_contexts", "services.*.build.platforms",
        "services.*.build.tags", "services.*.build.labels", "services.*.cap_add", "services.*.cap_drop",
        "services.*.deploy.labels", "services.*.dns", "services.*.dns_opt", "services.*.dns_search",
        "services.*.environment", "services.*.labels", "services.*.links", "services.*.networks.*.aliases",
        "services.*.networks.*.link_local_ips", "services.*.profiles", "services.*.sysctls",
        "services.*.tmpfs")) {
      UNIQUE.put(path, keyValue);
    }
    UNIQUE.put("services.*.expose", Nodes::string);
    UNIQUE.put("services.*.ports", Unicity::port);
    UNIQUE.put("services.*.volumes", Unicity::target);
    UNIQUE.put("services.*.devices", Unicity::target);
    UNIQUE.put("services.*.secrets", item -> mount(item, "/run/secrets/"));
    UNIQUE.put("services.*.configs", item -> mount(item, "/"));
    UNIQUE.put("services.*.env_file", item -> item instanceof Mapping m && m.has("path") ? Nodes.string(m.get("path")) : Nodes.string(item));
  }

  private Unicity() {}

  static Mapping enforce(Mapping model) throws ComposeException {
    return (Mapping) enforce(model, new ArrayList<>());
  }

  private static YamlValue enforce(YamlValue value, List<String> path) throws ComposeException {
    if (value instanceof Mapping mapping) {
      Map<String, YamlValue> entries = new LinkedHashMap<>();
      for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
        path.add(entry.getKey());
        entries.put(entry.getKey(), enforce(entry.getValue(), path));
        path.remove(path.size() - 1);
      }
      return new Mapping(Collections.unmodifiableMap(entries), mapping.location());
    }
    if (value instanceof Sequence sequence) {
      for (Map.Entry<String, Indexer> unique : UNIQUE.entrySet()) {
        if (ComposeMerge.matches(path, unique.getKey())) {
          return deduplicated(sequence, unique.getValue());
        }
      }
    }
    return value;
  }

  private static Sequence deduplicated(Sequence sequence, Indexer indexer) throws ComposeException {
    List<YamlValue> items = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (YamlValue item : sequence.items()) {
      String key = indexer.key(item);
      Integer at = seen.get(key);
      if (at == null) {
        seen.put(key, items.size());
        items.add(item);
      } else {
        items.set(at, item);
      }
    }
    return new Sequence(Collections.unmodifiableList(items), sequence.location());
  }

  private static String keyValue(YamlValue item) throws ComposeException {
    String text = Nodes.string(item);
    int eq = text.indexOf('=');
    return eq < 0 ? text : text.substring(0, eq);
  }

  private static String port(YamlValue item) throws ComposeException {
    if (item instanceof Mapping port) {
      return Nodes.optionalString(port.get("host_ip")) + ":" + Nodes.optionalString(port.get("published")) + ":"
          + Nodes.optionalString(port.get("target")) + "/" + Nodes.optionalString(port.get("protocol"));
    }
    return Nodes.string(item);
  }

  private static String target(YamlValue item) throws ComposeException {
    if (item instanceof Mapping mount) {
      return mount.has("target") ? Nodes.string(mount.get("target")) : "";
    }
    String[] parts = Nodes.string(item).split(":", -1);
    return parts.length == 1 ? parts[0] : parts[1];
  }

  private static String mount(YamlValue item, String directory) throws ComposeException {
    if (item instanceof Mapping mount) {
      return mount.has("target") ? Nodes.string(mount.get("target"))
          : directory + Nodes.optionalString(mount.get("source"));
    }
    return directory + (item instanceof Scalar ? Nodes.string(item) : "");
  }
}
