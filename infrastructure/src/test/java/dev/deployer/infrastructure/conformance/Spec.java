package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Loads a compose file written by a conformance case into its own directory. */
final class Spec {

  private Spec() {}

  static ComposeProject load(Path dir, String yaml, Map<String, String> env, String... extraFiles) throws ComposeException {
    return new ComposeLoader(env).load(write(dir, yaml, extraFiles), Set.of());
  }

  static ComposeProject load(Path dir, String yaml, String... extraFiles) throws ComposeException {
    return load(dir, yaml, Map.of("HOME", "/home/spec"), extraFiles);
  }

  /** The error loading the file raises; the file is {@code compose.yaml} in {@code dir}. */
  static ComposeException failure(Path dir, String yaml) {
    Path file = write(dir, yaml);
    ComposeException[] caught = new ComposeException[1];
    assertThatThrownBy(() -> new ComposeLoader(Map.of()).load(file, Set.of()))
        .isInstanceOfSatisfying(ComposeException.class, e -> caught[0] = e);
    return caught[0];
  }

  /**
   * Loads the project directory's files as {@code -f} names them (in order), after writing all
   * files given in pairs (name, content); with no names, the default files Compose would find.
   */
  static ComposeProject loadFiles(Path dir, Map<String, String> env, java.util.List<String> names, String... files)
      throws ComposeException {
    Path project = writeAll(dir, files);
    java.util.List<Path> paths = names.isEmpty()
        ? ComposeLoader.defaultFiles(project)
        : names.stream().map(project::resolve).toList();
    return new ComposeLoader(env).load(paths, Set.of(), null);
  }

  /** The error loading the named files raises. */
  static ComposeException filesFailure(Path dir, java.util.List<String> names, String... files) {
    ComposeException[] caught = new ComposeException[1];
    assertThatThrownBy(() -> loadFiles(dir, Map.of(), names, files))
        .isInstanceOfSatisfying(ComposeException.class, e -> caught[0] = e);
    return caught[0];
  }

  /** Writes files in pairs (name, content; a name may hold directories) under {@code dir/proj}. */
  static Path writeAll(Path dir, String... files) {
    try {
      Path project = Files.createDirectories(dir.resolve("proj"));
      for (int i = 0; i + 1 < files.length; i += 2) {
        Path file = project.resolve(files[i]);
        Files.createDirectories(file.getParent());
        Files.writeString(file, files[i + 1]);
      }
      return project;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes compose.yaml and, in pairs, further files (name, content). */
  private static Path write(Path dir, String yaml, String... extraFiles) {
    try {
      Path project = Files.createDirectories(dir.resolve("proj"));
      for (int i = 0; i + 1 < extraFiles.length; i += 2) {
        Files.writeString(project.resolve(extraFiles[i]), extraFiles[i + 1]);
      }
      return Files.writeString(project.resolve("compose.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
