package dev.deployer.infrastructure.engine;

/** The container engine did not answer. */
public class EngineUnavailableException extends RuntimeException {

  private final String host;

  public EngineUnavailableException(String host, Throwable cause) {
    super("the Docker engine at " + host + " does not answer: " + rootMessage(cause), cause);
    this.host = host;
  }

  public String host() {
    return host;
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
