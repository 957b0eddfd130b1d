package dev.deployer.cli;

import dev.deployer.infrastructure.config.ConfigLoader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The repository the deployer runs from, found from its own jar or classes, not the working directory. */
final class Installation {

  private Installation() {}

  /** The config the repository ships, else the working directory's (a jar copied out of its repository). */
  static Path defaultConfig() {
    return root().map(root -> root.resolve(ConfigLoader.DEFAULT_FILE)).orElse(ConfigLoader.DEFAULT_FILE);
  }

  /** The nearest directory above the jar (deployer/target/deployer.jar) or classes that holds the default config. */
  static Optional<Path> root() {
    Path code;
    try {
      code = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    for (Path directory = code.getParent(); directory != null; directory = directory.getParent()) {
      if (Files.isRegularFile(directory.resolve(ConfigLoader.DEFAULT_FILE))) {
        return Optional.of(directory);
      }
    }
    return Optional.empty();
  }
}
