package dev.deployer.infrastructure.config;

import dev.deployer.infrastructure.compose.FilePlace;
import java.nio.file.Path;

/** A deployment configuration that cannot be used; names the file, line and key at fault. */
public class ConfigException extends Exception {

  private final Path file;
  private final int line;
  private final String key;

  public ConfigException(Path file, int line, String key, String reason) {
    super(new FilePlace(String.valueOf(file), line, key).describe(reason));
    this.file = file;
    this.line = line;
    this.key = key;
  }


  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String key() {
    return key;
  }
}
