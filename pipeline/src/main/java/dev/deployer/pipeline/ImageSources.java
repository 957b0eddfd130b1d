package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PullPolicy;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a service's image comes from, as {@code docker compose up} decides it from the service's
 * {@code pull_policy}: built when the service has a build section; else, by default ({@code
 * missing}), used as present and pulled when missing, so a deploy works on a machine without a
 * registry once the images are there. {@code never} never pulls, {@code always} always pulls, and
 * the periodic policies ({@code daily}, {@code weekly}, {@code every_<duration>}, {@code refresh})
 * pull when the engine last gave the image its tag (its {@code LastTagTime}, as Compose reads it)
 * longer ago than their period.
 */
final class ImageSources {

  static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

  enum Source {
    BUILD,
    PRESENT,
    PULL,
    /** Missing, and its pull policy ({@code never}) forbids pulling it. */
    MISSING
  }

  private ImageSources() {}

  /** With the default policy: built, present, or pulled. */
  static Source decide(ComposeService service, boolean present) {
    return decide(service, present, Optional.empty(), Instant.now());
  }

  /** {@code lastPulled}: when the engine last tagged the present image (empty: not known). */
  static Source decide(ComposeService service, boolean present, Optional<Instant> lastPulled, Instant now) {
    if (service.build() != null) {
      return Source.BUILD;
    }
    PullPolicy policy = service.options().pullPolicy();
    if (!present) {
      return policy.pullsMissing() ? Source.PULL : Source.MISSING;
    }
    return policy.pullsPresent(lastPulled, now) ? Source.PULL : Source.PRESENT;
  }

  /** A present image's id, or the id of the image pulled now; throws with the engine's reason when it cannot be. */
  static String presentOrPulled(ContainerEngine engine, String image, Consumer<String> progress)
      throws ImageUnavailableException {
    var present = engine.imageId(image);
    if (present.isPresent()) {
      return present.get();
    }
    return pull(engine, image, "not present on the engine", progress);
  }

  /** Pulls {@code image} now ({@code why}: for the progress line) and returns its id. */
  static String pull(ContainerEngine engine, String image, String why, Consumer<String> progress)
      throws ImageUnavailableException {
    progress.accept("pulling " + image + " (" + why + ")");
    try {
      return engine.pullImage(image, PULL_TIMEOUT);
    } catch (EngineException e) {
      String prefix = "pulling " + image + " failed: ";
      String reason = String.valueOf(e.getMessage());
      throw new ImageUnavailableException(image, reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason,
          engine.imageId(image).isPresent());
    }
  }

  /** An image that is neither present nor pullable, or present but not pullable when its policy asks for a pull. */
  static final class ImageUnavailableException extends Exception {

    ImageUnavailableException(String image, String reason, boolean present) {
      super(present
          ? "image " + image + " could not be pulled (" + reason + "), and its pull_policy asks for a pull; make the"
              + " registry reachable from the engine, or set pull_policy to missing to run the present image"
          : "image " + image + " is missing and could not be pulled (" + reason + "); run scripts/setup.sh to build"
              + " the local images, or make the registry reachable from the engine");
    }
  }
}
