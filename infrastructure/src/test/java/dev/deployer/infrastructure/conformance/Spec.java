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
