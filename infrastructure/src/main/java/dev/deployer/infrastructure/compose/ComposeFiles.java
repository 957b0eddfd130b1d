package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a project's Compose files into one YAML model, as compose-go's {@code loadYamlModel}:
 * each file and each of its documents in order, a later one merged over the model with
 * {@link ComposeMerge} after its {@code !reset}/{@code !override} paths are removed from it, and
 * at the end one entry per key in the lists that are sets ({@link Unicity}).
 */
final class ComposeFiles {

  /** The names Compose looks for in the project directory, in its order of preference. */
  static final List<String> DEFAULT_NAMES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

  /** The override file Compose adds to a default file found beside it. */
  static final List<String> OVERRIDE_NAMES = List.of("compose.override.yaml", "compose.override.yml",
      "docker-compose.override.yaml", "docker-compose.override.yml");

  private final YamlReader.ScalarFilter filter;

  /** @param filter interpolation of every scalar outside {@code x-} keys */
  ComposeFiles(YamlReader.ScalarFilter filter) {
    this.filter = filter;
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

  /** @param names how each file is named in errors (as the user gave it) */
  Mapping load(List<Path> files, List<String> names) throws ComposeException {
    Mapping model = null;
    for (int i = 0; i < files.size(); i++) {
      for (YamlReader.Document document : YamlReader.readAll(names.get(i), read(files.get(i), names.get(i)), filter)) {
        Mapping config = Nodes.mapping(document.root());
        model = model == null ? config : ComposeMerge.merge(ComposeMerge.reset(model, document.resets()), config);
      }
    }
    return Unicity.enforce(model);
  }

  static String read(Path file, String fileName) throws ComposeException {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ComposeException(fileName, "cannot read: " + e);
    }
  }
}
