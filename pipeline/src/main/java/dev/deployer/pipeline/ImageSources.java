package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where a service's image comes from, as {@code docker compose up} decides it: built when the
 * service has a build section, else used as present, else pulled. A present image is never pulled
 * again, so a deploy works on a machine without a registry once the images are there.
 */
final class ImageSources {

  static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

  enum Source {
    BUILD,
    PRESENT,
    PULL
  }

  private ImageSources() {}

  static Source decide(ComposeService service, boolean present) {
    if (service.build() != null) {
      return Source.BUILD;
    }
    return present ? Source.PRESENT : Source.PULL;
  }

  /** A present image's id, or the id of the image pulled now; throws with the engine's reason when it cannot be. */
  static String presentOrPulled(ContainerEngine engine, String image, Consumer<String> progress)
      throws ImageUnavailableException {
    var present = engine.imageId(image);
    if (present.isPresent()) {
      return present.get();
    }
    progress.accept("pulling " + image + " (not present on the engine)");
    try {
      return engine.pullImage(image, PULL_TIMEOUT);
    } catch (EngineException e) {
      String prefix = "pulling " + image + " failed: ";
      String reason = String.valueOf(e.getMessage());
      throw new ImageUnavailableException(image, reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
    }
  }

  /** An image that is neither present nor pullable. */
  static final class ImageUnavailableException extends Exception {

    ImageUnavailableException(String image, String reason) {
      super("image " + image + " is missing and could not be pulled (" + reason + "); run scripts/setup.sh to build"
          + " the local images, or make the registry reachable from the engine");
    }
  }
}
