package dev.deployer.infrastructure.compose;

/**
 * Where in a file a problem is, as every config and Compose error names it: the file, the 1-based
 * line (0: no single line) and the key path ("" or null: the whole file).
 */
public record FilePlace(String file, int line, String key) {

  /** "file:line: key: reason", leaving out what is not known. */
  public String describe(String reason) {
    StringBuilder text = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      text.append(':').append(line);
    }
    if (key != null && !key.isEmpty()) {
      text.append(": ").append(key);
    }
    return text.append(": ").append(reason).toString();
  }
}
