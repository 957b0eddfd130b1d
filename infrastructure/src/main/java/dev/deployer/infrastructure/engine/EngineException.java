package dev.deployer.infrastructure.engine;

/** The engine refused an operation (image missing, name taken, build failed, ...). */
public class EngineException extends RuntimeException {

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }

  public EngineException(String message) {
    super(message);
  }
}
