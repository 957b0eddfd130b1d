package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * How every node of a swarm gets a release's images: the manager pushes each one to the
 * environment's {@code swarm.registry} and the services name it {@code registry/name@digest}, which
 * any node can pull and which cannot drift to another image. Without a registry the services name
 * the manager's local image id, which only a single-node swarm can run.
 */
final class RegistryImages {

  private final ContainerEngine engine;
  private final String registry;
  private final Duration timeout;
  private final Map<String, String> pushed = new ConcurrentHashMap<>();

  RegistryImages(ContainerEngine engine, String registry, Duration timeout) {
    this.engine = engine;
    this.registry = registry;
    this.timeout = timeout;
  }

  /** What a service runs for the image {@code imageId}, known as {@code imageName}. */
  String reference(DeployContext context, String step, String imageName, String imageId) throws PipelineException {
    if (registry == null) {
      return imageId;
    }
    String target = registry + "/" + repository(imageName) + ":" + tag(imageName);
    String reference = pushed.get(target);
    if (reference == null) {
      try {
        reference = registry + "/" + repository(imageName) + "@" + engine.pushImage(imageId, target, timeout);
      } catch (EngineException e) {
        throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, e.getMessage()
            + " (is the registry " + registry + " of swarm.registry running? scripts/swarm-bed.sh up starts one)");
      }
      pushed.put(target, reference);
      context.events().progress(step, imageName + " pushed as " + reference);
      if (!target.equals(imageName)) {
        untag(context, step, target);
      }
    }
    return reference;
  }

  /**
   * The tag was only the push's vehicle (unless it is the image's own name): services run the
   * image by its digest, and the image keeps its own name here, so the tag goes and `down
   * --images` leaves none behind.
   */
  private void untag(DeployContext context, String step, String target) {
    try {
      engine.removeImage(target);
    } catch (EngineException e) {
      context.events().warning(step, "the push tag " + target + " stays: " + e.getMessage());
    }
  }

  /** The repository path without a registry host, tag or digest: {@code postgres:15} gives {@code postgres}. */
  static String repository(String imageName) {
    String name = imageName.contains("@") ? imageName.substring(0, imageName.indexOf('@')) : imageName;
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    int slash = name.indexOf('/');
    if (slash > 0) {
      String first = name.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        name = name.substring(slash + 1);
      }
    }
    return name;
  }

  /** The tag, {@code latest} when the name has none. */
  static String tag(String imageName) {
    String name = imageName.contains("@") ? imageName.substring(0, imageName.indexOf('@')) : imageName;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "latest";
  }
}
