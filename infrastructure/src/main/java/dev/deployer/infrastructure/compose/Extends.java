package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@code services.*.extends} as compose-go's {@code loader/extends.go}: the base service
 * (in the same file, or in {@code file} relative to the project directory, its own relative paths
 * then relative to that file's directory) with its own {@code extends} resolved first, without
 * {@code depends_on} and {@code volumes_from} (the spec's "Restrictions": they tie a service to
 * others), and the extending service merged over it with the merge rules.
 */
final class Extends {

  /** Not inherited: compose-go's {@code exclusions}. */
  static final List<String> NOT_INHERITED = List.of("depends_on", "volumes_from");

  private final ComposeFiles files;

  Extends(ComposeFiles files) {
    this.files = files;
  }

  /** One document with its services' {@code extends} resolved. */
  Mapping apply(Mapping model, String fileName, Path projectDir) throws ComposeException {
    if (!(model.get("services") instanceof Mapping services)) {
      return model;
    }
    Map<String, YamlValue> resolved = new LinkedHashMap<>(services.entries());
    for (String name : services.entries().keySet()) {
      resolve(name, resolved, fileName, projectDir, new ArrayList<>());
    }
    Map<String, YamlValue> entries = new LinkedHashMap<>(model.entries());
    entries.put("services", new Mapping(Collections.unmodifiableMap(resolved), services.location()));
    return new Mapping(Collections.unmodifiableMap(entries), model.location());
  }

  private YamlValue resolve(String name, Map<String, YamlValue> services, String fileName, Path dir, List<String> chain)
      throws ComposeException {
    YamlValue value = services.get(name);
    if (!(value instanceof Mapping service) || !service.has("extends")) {
      return value;
    }
    YamlValue extendsValue = service.get("extends");
    String link = fileName + ": " + name;
    if (chain.contains(link)) {
      chain.add(link);
      throw extendsValue.error("circular reference with extends: " + String.join(" -> ", chain));
    }
    chain.add(link);
    String ref;
    String file = null;
    if (extendsValue instanceof Mapping mapping) {
      Nodes.allowKeys(mapping, Set.of("service", "file"));
      if (!mapping.has("service")) {
        throw mapping.error("extends needs a service");
      }
      ref = Nodes.string(mapping.get("service"));
      file = Nodes.optionalString(mapping.get("file"));
    } else {
      ref = Nodes.string(extendsValue);
    }
    YamlValue base;
    if (file != null) {
      Path path = dir.resolve(file).normalize();
      if (!Files.isRegularFile(path)) {
        throw extendsValue.error("cannot extend service '" + name + "': file " + path + " not found");
      }
      Mapping other = files.loadRaw(path, path.toString());
      Map<String, YamlValue> otherServices = other.get("services") instanceof Mapping m
          ? new LinkedHashMap<>(m.entries()) : new LinkedHashMap<>();
      if (!otherServices.containsKey(ref)) {
        throw extendsValue.error("cannot extend service '" + name + "': service '" + ref + "' not found in " + path);
      }
      base = resolve(ref, otherServices, path.toString(), path.getParent(), chain);
      base = RelativePaths.service(Nodes.mappingOrEmpty(base), path.getParent());
    } else {
      if (!services.containsKey(ref)) {
        throw extendsValue.error("cannot extend service '" + name + "': service '" + ref + "' not found");
      }
      base = resolve(ref, services, fileName, dir, chain);
    }
    chain.remove(chain.size() - 1);
    Map<String, YamlValue> inherited = new LinkedHashMap<>(Nodes.mappingOrEmpty(base).entries());
    NOT_INHERITED.forEach(inherited::remove);
    Map<String, YamlValue> own = new LinkedHashMap<>(service.entries());
    own.remove("extends");
    Mapping merged = ComposeMerge.extend(new Mapping(inherited, base.location()), new Mapping(own, service.location()), name);
    services.put(name, merged);
    return merged;
  }
}
