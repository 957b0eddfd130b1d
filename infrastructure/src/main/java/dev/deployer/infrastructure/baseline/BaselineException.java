package dev.deployer.infrastructure.baseline;

/** A baseline file that cannot be read or written; the message names the file and the key. */
public final class BaselineException extends RuntimeException {

  public BaselineException(String message) {
    super(message);
  }

  public BaselineException(String message, Throwable cause) {
    super(message, cause);
  }
}
