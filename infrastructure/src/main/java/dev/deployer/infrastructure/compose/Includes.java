package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code include} (14-include.md, compose-go {@code loader/include.go}): each entry's
 * files ({@code path}, one or a list merged as override files) are loaded as a project of their
 * own, in {@code project_directory} (default: the first file's directory) with the variables of
 * {@code env_file} (default: that directory's {@code .env}) under the including project's, their
 * relative paths made absolute there, and their services, networks, volumes, secrets and configs
 * added to the including file. A name defined on both sides is an error.
 */
final class Includes {

  private static final List<String> RESOURCES = List.of("services", "networks", "volumes", "secrets", "configs");

  private final ComposeFiles files;

  Includes(ComposeFiles files) {
    this.files = files;
  }

  Mapping apply(Mapping model, Path file, Path projectDir) throws ComposeException {
    YamlValue include = model.get("include");
    if (include == null) {
      return model;
    }
    Map<String, Map<String, YamlValue>> resources = new LinkedHashMap<>();
    for (String kind : RESOURCES) {
      resources.put(kind, model.get(kind) == null ? new LinkedHashMap<>()
          : new LinkedHashMap<>(Nodes.mappingOrEmpty(model.get(kind)).entries()));
    }
    for (YamlValue item : Nodes.sequence(include).items()) {
      Mapping imported = load(item, file, projectDir);
      for (String kind : RESOURCES) {
        if (imported.get(kind) == null) {
          continue;
        }
        for (Map.Entry<String, YamlValue> entry : Nodes.mappingOrEmpty(imported.get(kind)).entries().entrySet()) {
          if (resources.get(kind).containsKey(entry.getKey())) {
            throw item.error("imported compose file " + entry.getValue().location().file() + " defines conflicting "
                + kind.substring(0, kind.length() - 1) + " '" + entry.getKey() + "'");
          }
          resources.get(kind).put(entry.getKey(), entry.getValue());
        }
      }
    }
    Map<String, YamlValue> entries = new LinkedHashMap<>(model.entries());
    entries.remove("include");
    for (String kind : RESOURCES) {
      if (!resources.get(kind).isEmpty() || model.has(kind)) {
        YamlValue.Location at = model.has(kind) ? model.get(kind).location() : model.location();
        entries.put(kind, new Mapping(Collections.unmodifiableMap(resources.get(kind)), at));
      }
    }
    return new Mapping(Collections.unmodifiableMap(entries), model.location());
  }

  private Mapping load(YamlValue item, Path file, Path projectDir) throws ComposeException {
    List<YamlValue> paths;
    YamlValue directory = null;
    YamlValue envFiles = null;
    if (item instanceof Mapping mapping) {
      Nodes.allowKeys(mapping, Set.of("path", "project_directory", "env_file"));
      if (!mapping.has("path")) {
        throw mapping.error("include needs a path");
      }
      paths = mapping.get("path") instanceof Sequence s ? s.items() : List.of(mapping.get("path"));
      directory = mapping.get("project_directory");
      envFiles = mapping.get("env_file");
    } else {
      paths = List.of(item);
    }
    List<Path> included = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (YamlValue path : paths) {
      Path resolved = projectDir.resolve(Nodes.string(path)).normalize();
      if (!Files.isRegularFile(resolved)) {
        throw path.error("included file " + resolved + " not found");
      }
      if (resolved.equals(file) || files.including().contains(resolved)) {
        throw path.error("include cycle: " + resolved + " includes itself");
      }
      included.add(resolved);
      names.add(resolved.toString());
    }
    Path includedDir = directory == null ? included.get(0).getParent()
        : projectDir.resolve(Nodes.string(directory)).normalize();
    List<Path> chain = new ArrayList<>(files.including());
    chain.add(file);
    ComposeFiles nested = new ComposeFiles(environment(envFiles, includedDir, projectDir), files.unset(), chain);
    return RelativePaths.rebase(nested.load(included, names, includedDir), includedDir);
  }

  /**
   * The including project's variables, and under them those of the env files (each file's own
   * interpolation sees the including project's variables, then its earlier lines).
   */
  private Map<String, String> environment(YamlValue envFiles, Path includedDir, Path projectDir)
      throws ComposeException {
    Map<String, String> env = new HashMap<>(files.env());
    List<Path> paths = new ArrayList<>();
    List<YamlValue> places = new ArrayList<>();
    if (envFiles == null) {
      Path dotEnv = includedDir.resolve(".env");
      if (Files.isRegularFile(dotEnv)) {
        paths.add(dotEnv);
        places.add(null);
      }
    } else {
      for (YamlValue value : envFiles instanceof Sequence s ? s.items() : List.of(envFiles)) {
        paths.add(projectDir.resolve(Nodes.string(value)).normalize());
        places.add(value);
      }
    }
    Map<String, String> fromFiles = new HashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      Path path = paths.get(i);
      if (!Files.isRegularFile(path)) {
        throw places.get(i).error("env file " + path + " not found");
      }
      fromFiles.putAll(DotEnv.parse(path.toString(), ComposeFiles.read(path, path.toString()),
          name -> files.env().containsKey(name) ? files.env().get(name) : fromFiles.get(name)));
    }
    fromFiles.forEach(env::putIfAbsent);
    return env;
  }
}
