package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the single-host steps agree on about a service's containers: the config hash that says
 * whether a container must be replaced, how long one gets to stop, and the kept containers of the
 * release a failed deploy would roll back to.
 */
public final class ContainerChanges {

  /** The grace a replaced or removed container gets to stop. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  /**
   * A container that keeps restarting and is not healthy serves nothing, so there is nothing to
   * drain: it is killed at once. A JVM in the middle of its start would otherwise sit out its
   * start-up before it acts on SIGTERM, seconds a rollback of a failed release waited for.
   */
  static final Duration CRASH_LOOP_STOP_TIMEOUT = Duration.ZERO;

  private ContainerChanges() {}

  /**
   * The service's resolved configuration, its secrets' and configs' values (keyed digests, the key
   * the state directory's) and the exact image it runs: any change means a new container.
   */
  public static String configHash(DeployContext context, ComposeService service) {
    return configHash(service, context.imageIds().get(service.name()), context.valueDigestKey());
  }

  /** The config hash label of {@code service} run from image {@code imageId}, values digested with {@code key}. */
  public static String configHash(ComposeService service, String imageId, ValueDigestKey key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(service.configHash(key).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(String.valueOf(imageId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The grace {@code container} gets to stop: none when it keeps restarting and is not healthy. */
  static Duration stopTimeout(ContainerInfo container) {
    boolean crashLooping = "restarting".equals(container.state())
        || container.restartCount() > 0 && !container.healthy();
    return crashLooping ? CRASH_LOOP_STOP_TIMEOUT : STOP_TIMEOUT;
  }

  /**
   * Whether a deploy would leave every container as it is: one running container per service
   * with the config hash of the service and its image.
   */
  static boolean changesNothing(DeployContext context) {
    return changesNothing(context, service -> false);
  }

  /** As {@link #changesNothing(DeployContext)}, for the services {@code elsewhere} does not name. */
  public static boolean changesNothing(DeployContext context, java.util.function.Predicate<String> elsewhere) {
    ContainerEngine engine = context.engine();
    for (ComposeService service : context.project().services().values()) {
      if (elsewhere.test(service.name())) {
        continue;
      }
      String hash = configHash(context, service);
      List<ContainerInfo> existing = engine.containers(ComposeLabels.service(context.project().name(), service.name()));
      if (current(existing, hash).filter(ContainerInfo::running).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The service's one container, when it is the only one and made from {@code hash}: nothing to
   * recreate. Not a color of the blue/green edge, made from the same hash: it publishes no port (the
   * edge held them), so a service taken off the edge gets a container of its own again.
   */
  static Optional<ContainerInfo> current(List<ContainerInfo> existing, String hash) {
    return existing.size() == 1 && hash.equals(existing.get(0).label(ComposeLabels.CONFIG_HASH))
        && existing.get(0).label(EdgeContainer.COLOR_LABEL) == null ? Optional.of(existing.get(0)) : Optional.empty();
  }

  /**
   * Removes the project's kept containers: the release running now was verified (or the stack goes
   * away), so nothing will restart them. A container that cannot be removed is reported and left
   * for the next deploy, which removes or reuses it.
   */
  static void removeKept(ContainerEngine engine, String project, Consumer<String> progress) {
    for (ContainerInfo container : engine.keptContainers(ComposeLabels.project(project))) {
      try {
        engine.removeContainer(container.id());
        progress.accept("kept container " + container.name() + " (release " + container.label(ComposeLabels.RELEASE)
            + ") removed");
      } catch (EngineException e) {
        progress.accept("kept container " + container.name() + " not removed: " + e.getMessage());
      }
    }
  }
}
