package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.util.function.Supplier;

/** Runs docker-java calls, turning "cannot connect" into {@link EngineUnavailableException}. */
final class EngineCalls {

  private final String host;

  EngineCalls(String host) {
    this.host = host;
  }

  <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (DockerException e) {
      throw e;
    } catch (RuntimeException e) {
      if (isConnectionFailure(e)) {
        throw new EngineUnavailableException(host, e);
      }
      throw e;
    }
  }

  void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
          || cause instanceof java.nio.file.NoSuchFileException
          || (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("connect"))) {
        return true;
      }
    }
    return false;
  }
}
