package dev.deployer.infrastructure.config;

import java.nio.file.Path;

/** A deployment configuration that cannot be used; names the file, line and key at fault. */
public class ConfigException extends Exception {

  private final Path file;
  private final int line;
  private final String key;

  public ConfigException(Path file, int line, String key, String reason) {
    super(describe(file, line, key, reason));
    this.file = file;
    this.line = line;
    this.key = key;
  }

  private static String describe(Path file, int line, String key, String reason) {
    StringBuilder text = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      text.append(':').append(line);
    }
    if (key != null && !key.isEmpty()) {
      text.append(": ").append(key);
    }
    return text.append(": ").append(reason).toString();
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
