package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a project's Compose files into one YAML model, as compose-go's {@code loadYamlModel}:
 * each file and each of its documents in order, its {@code include}s imported ({@link Includes})
 * and its services' {@code extends} resolved ({@link Extends}), then merged over the model with
 * {@link ComposeMerge} after its {@code !reset}/{@code !override} paths are removed from it; at
 * the end one entry per key in the lists that are sets ({@link Unicity}).
 */
final class ComposeFiles {

  /** The names Compose looks for in the project directory, in its order of preference. */
  static final List<String> DEFAULT_NAMES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

  /** The override file Compose adds to a default file found beside it. */
  static final List<String> OVERRIDE_NAMES = List.of("compose.override.yaml", "compose.override.yml",
      "docker-compose.override.yaml", "docker-compose.override.yml");

  private final Map<String, String> env;
  private final Consumer<String> unset;
  private final Interpolator interpolator;
  private final YamlReader.ScalarFilter filter;
  private final List<Path> including;

  /**
   * @param env the variables interpolation sees (null-free; a missing name is unset)
   * @param unset told each unset variable used without a default
   * @param including the files whose {@code include} led here, to refuse a cycle
   */
  ComposeFiles(Map<String, String> env, Consumer<String> unset, List<Path> including) {
    this.env = Map.copyOf(env);
    this.unset = unset;
    this.including = List.copyOf(including);
    this.interpolator = new Interpolator(this.env::get, unset);
    this.filter = (value, at) -> {
      try {
        return interpolator.interpolate(value);
      } catch (Interpolator.InterpolationException e) {
        throw new ComposeException(at.file(), at.line(), at.path(), e.getMessage());
      }
    };
  }

  /**
   * The files Compose uses when none is named: the first of {@link #DEFAULT_NAMES} in {@code
   * directory} and, when there is one beside it, the first of {@link #OVERRIDE_NAMES}. Without a
   * default file, {@code compose.yaml} (which then fails to load naming it).
   */
  static List<Path> defaults(Path directory) {
    List<Path> files = new ArrayList<>();
    Path dir = directory.toAbsolutePath().normalize();
    for (String name : DEFAULT_NAMES) {
      if (Files.isRegularFile(dir.resolve(name))) {
        files.add(dir.resolve(name));
        break;
      }
    }
    if (files.isEmpty()) {
      return List.of(dir.resolve(DEFAULT_NAMES.get(0)));
    }
    for (String name : OVERRIDE_NAMES) {
      if (Files.isRegularFile(dir.resolve(name))) {
        files.add(dir.resolve(name));
        break;
      }
    }
    return files;
  }

  Map<String, String> env() {
    return env;
  }

  Consumer<String> unset() {
    return unset;
  }

  List<Path> including() {
    return including;
  }

  /**
   * @param names how each file is named in errors (as the user gave it)
   * @param projectDir the base of the files' relative paths, includes and extends
   */
  Mapping load(List<Path> files, List<String> names, Path projectDir) throws ComposeException {
    Mapping model = null;
    for (int i = 0; i < files.size(); i++) {
      for (YamlReader.Document document : YamlReader.readAll(names.get(i), read(files.get(i), names.get(i)), filter)) {
        Mapping config = Nodes.mapping(document.root());
        config = new Includes(this).apply(config, files.get(i), projectDir);
        config = new Extends(this).apply(config, names.get(i), projectDir);
        model = model == null ? config : ComposeMerge.merge(ComposeMerge.reset(model, document.resets()), config);
      }
    }
    return Unicity.enforce(model);
  }

  /**
   * The top-level {@code name} the files declare (the last one wins), interpolated, before the
   * rest is read: compose-go settles the project name first so that the files can use
   * {@code ${COMPOSE_PROJECT_NAME}}. Null when none declares one.
   */
  String declaredName(List<Path> files, List<String> names) throws ComposeException {
    YamlReader.ScalarFilter onlyName = (value, at) -> at.path().equals("name") ? filter.apply(value, at) : value;
    String name = null;
    for (int i = 0; i < files.size(); i++) {
      for (YamlReader.Document document : YamlReader.readAll(names.get(i), read(files.get(i), names.get(i)), onlyName)) {
        if (document.root() instanceof Mapping root && Nodes.optionalString(root.get("name")) != null) {
          name = Nodes.optionalString(root.get("name"));
        }
      }
    }
    return name;
  }

  /** One file's documents merged, without its includes and extends (an {@code extends.file} base). */
  Mapping loadRaw(Path file, String name) throws ComposeException {
    Mapping model = null;
    for (YamlReader.Document document : YamlReader.readAll(name, read(file, name), filter)) {
      Mapping config = Nodes.mapping(document.root());
      model = model == null ? config : ComposeMerge.merge(ComposeMerge.reset(model, document.resets()), config);
    }
    return model;
  }

  static String read(Path file, String fileName) throws ComposeException {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ComposeException(fileName, "cannot read: " + e);
    }
  }
}
