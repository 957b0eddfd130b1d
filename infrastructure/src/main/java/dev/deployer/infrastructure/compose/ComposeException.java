package dev.deployer.infrastructure.compose;

/** A Compose file that cannot be used; names the file, line and key path at fault. */
public class ComposeException extends Exception {

  private final String file;
  private final int line;
  private final String key;
  private final String reason;

  public ComposeException(String file, int line, String key, String reason) {
    super(new FilePlace(String.valueOf(file), line, key).describe(reason));
    this.file = file;
    this.line = line;
    this.key = key == null ? "" : key;
    this.reason = reason;
  }

  public ComposeException(String file, String reason) {
    this(file, 0, "", reason);
  }


  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the problem has no single place in the file. */
  public int line() {
    return line;
  }

  /** Key path such as {@code services.api.ports[0]}, or "" for the whole file. */
  public String key() {
    return key;
  }

  /** The reason alone, without file, line and key. */
  public String reason() {
    return reason;
  }
}
