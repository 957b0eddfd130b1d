package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.exception.DockerException;
import java.util.Optional;

/** The engine refused an operation (image missing, name taken, build failed, ...). */
public class EngineException extends RuntimeException {

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }

  public EngineException(String message) {
    super(message);
  }

  /**
   * {@code e} as the engine's refusal when it is one: an {@code EngineException}, or an error
   * answer the engine client passed through (a port already allocated, a name taken), so that the
   * caller can treat it as a failed operation, not as a bug; empty for anything else.
   */
  public static Optional<EngineException> refusal(RuntimeException e) {
    if (e instanceof EngineException engine) {
      return Optional.of(engine);
    }
    if (e instanceof DockerException docker) {
      return Optional.of(new EngineException("the engine refused: " + String.valueOf(docker.getMessage()).strip(),
          docker));
    }
    return Optional.empty();
  }
}
