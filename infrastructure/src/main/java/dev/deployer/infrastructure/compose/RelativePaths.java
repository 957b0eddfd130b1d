package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the relative paths of a service or a whole file absolute against the directory they were
 * written for, as compose-go's {@code paths} resolution does for an {@code extends.file} base and an
 * included file: build context, env_file, label_file, bind mount sources, secret and config files.
 */
final class RelativePaths {

  private RelativePaths() {}

  /** A whole model's services, secrets and configs, relative to {@code dir}. */
  static Mapping rebase(Mapping model, Path dir) throws ComposeException {
    Map<String, YamlValue> entries = new LinkedHashMap<>(model.entries());
    if (model.get("services") instanceof Mapping services) {
      Map<String, YamlValue> rebased = new LinkedHashMap<>();
      for (Map.Entry<String, YamlValue> entry : services.entries().entrySet()) {
        rebased.put(entry.getKey(), entry.getValue() instanceof Mapping service ? service(service, dir) : entry.getValue());
      }
      entries.put("services", new Mapping(Collections.unmodifiableMap(rebased), services.location()));
    }
    for (String kind : List.of("secrets", "configs")) {
      if (model.get(kind) instanceof Mapping resources) {
        Map<String, YamlValue> rebased = new LinkedHashMap<>();
        for (Map.Entry<String, YamlValue> entry : resources.entries().entrySet()) {
          rebased.put(entry.getKey(), entry.getValue() instanceof Mapping resource
              ? with(resource, "file", path(resource.get("file"), dir)) : entry.getValue());
        }
        entries.put(kind, new Mapping(Collections.unmodifiableMap(rebased), resources.location()));
      }
    }
    return new Mapping(Collections.unmodifiableMap(entries), model.location());
  }

  static Mapping service(Mapping service, Path dir) throws ComposeException {
    Mapping result = service;
    YamlValue build = service.get("build");
    if (build instanceof Mapping mapping) {
      result = with(result, "build", with(mapping, "context",
          mapping.has("context") ? context(mapping.get("context"), dir) : new Scalar(dir.toString(), mapping.location())));
    } else if (build instanceof Scalar) {
      result = with(result, "build", context(build, dir));
    }
    for (String key : List.of("env_file", "label_file")) {
      YamlValue value = service.get(key);
      if (value instanceof Sequence sequence) {
        List<YamlValue> items = new ArrayList<>();
        for (YamlValue item : sequence.items()) {
          items.add(item instanceof Mapping m ? with(m, "path", path(m.get("path"), dir)) : path(item, dir));
        }
        result = with(result, key, new Sequence(Collections.unmodifiableList(items), sequence.location()));
      } else if (value != null) {
        result = with(result, key, path(value, dir));
      }
    }
    if (service.get("volumes") instanceof Sequence volumes) {
      List<YamlValue> items = new ArrayList<>();
      for (YamlValue item : volumes.items()) {
        items.add(volume(item, dir));
      }
      result = with(result, "volumes", new Sequence(Collections.unmodifiableList(items), volumes.location()));
    }
    return result;
  }

  private static YamlValue volume(YamlValue item, Path dir) throws ComposeException {
    if (item instanceof Mapping mount) {
      boolean bind = "bind".equals(Nodes.optionalString(mount.get("type")));
      return bind ? with(mount, "source", path(mount.get("source"), dir)) : mount;
    }
    String spec = Nodes.string(item);
    int colon = spec.indexOf(':');
    if (colon > 0 && spec.startsWith(".")) {
      return new Scalar(dir.resolve(spec.substring(0, colon)).normalize() + spec.substring(colon), item.location());
    }
    return item;
  }

  private static YamlValue context(YamlValue value, Path dir) throws ComposeException {
    String context = Nodes.string(value);
    return context.contains("://") || context.startsWith("git@") ? value : path(value, dir);
  }

  /** A relative path made absolute; absent, empty, absolute and {@code ~} paths as they are. */
  private static YamlValue path(YamlValue value, Path dir) throws ComposeException {
    String text = Nodes.optionalString(value);
    if (text == null || text.isEmpty() || text.startsWith("~") || Path.of(text).isAbsolute()) {
      return value;
    }
    return new Scalar(dir.resolve(text).normalize().toString(), value.location());
  }

  private static Mapping with(Mapping mapping, String key, YamlValue value) {
    if (value == null) {
      return mapping;
    }
    Map<String, YamlValue> entries = new LinkedHashMap<>(mapping.entries());
    entries.put(key, value);
    return new Mapping(Collections.unmodifiableMap(entries), mapping.location());
  }
}
