package dev.deployer.rollback;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps the images of rollback targets. {@code docker image prune -a} removes every image that
 * no container uses, tagged or not, so a tag alone does not protect a release: each kept release
 * gets a "hold", a container created from its image and never started (no compose labels, so
 * the stack does not see it). Retention keeps the newest N verified releases and the running
 * one; the others lose their holds and release tags.
 */
public final class ReleaseImages {

  /** Label on hold containers; its value is the project. */
  public static final String HOLD = "dev.deployer.hold";

  private final ContainerEngine engine;
  private final String project;

  public ReleaseImages(ContainerEngine engine, String project) {
    this.engine = engine;
    this.project = project;
  }

  /** Images the release built (tagged with its id); the stock images are kept by the stack's own containers. */
  static List<Release.ServiceImage> ownImages(Release release) {
    Map<String, Release.ServiceImage> byId = new java.util.TreeMap<>();
    for (Release.ServiceImage image : release.services().values()) {
      if (image.image() != null && image.image().endsWith(":" + release.id()) && image.imageId() != null) {
        byId.putIfAbsent(image.imageId(), image);
      }
    }
    return List.copyOf(byId.values());
  }

  /** Creates the release's holds, if not there yet. */
  public void hold(Release release) {
    Set<String> held = new HashSet<>();
    for (ContainerInfo hold : holds()) {
      if (release.id().equals(hold.label(ComposeLabels.RELEASE))) {
        held.add(hold.imageId());
      }
    }
    int number = held.size();
    for (Release.ServiceImage image : ownImages(release)) {
      // The build reports short ids, the engine's inspection full ones.
      String id = engine.imageId(image.imageId()).orElse(image.imageId());
      if (held.contains(id)) {
        continue;
      }
      number++;
      engine.createContainer(new ContainerSpec(project + "-hold-" + release.id() + "-" + number, image.imageId(),
          List.of(), List.of("hold"), Map.of(),
          Map.of(HOLD, project, ComposeLabels.RELEASE, release.id()),
          List.of(), List.of(), List.of(ContainerSpec.Network.NONE), null, null, null, null));
    }
  }

  public List<ContainerInfo> holds() {
    return engine.containers(Map.of(HOLD, project));
  }

  /** True when every image of the release is still there. */
  public boolean imagesPresent(Release release) {
    return release.services().values().stream()
        .allMatch(image -> image.imageId() == null || engine.imageId(image.imageId()).isPresent());
  }

  /** Drops the release's holds and its release tags; an image still used by a container stays. */
  public void release(Release release) {
    for (ContainerInfo hold : holds()) {
      if (release.id().equals(hold.label(ComposeLabels.RELEASE))) {
        engine.removeContainer(hold.id());
      }
    }
    for (Release.ServiceImage image : ownImages(release)) {
      try {
        engine.removeImage(image.image());
      } catch (EngineException e) {
        // still used by a container (the running release): the tag stays with it
      }
    }
  }

  /**
   * For an environment taken away for good: removes every hold of the project (also those of
   * releases no ledger knows any more) and the release tags of every release in {@code ledger},
   * and the secret and config files those releases kept.
   * Returns the ids of the releases whose images were released.
   */
  public List<String> releaseAll(ReleaseLedger ledger, Consumer<String> progress) {
    List<String> released = new ArrayList<>();
    for (Release release : ledger.releases()) {
      if (release.imagesKept()) {
        release(release);
        ledger.update(release.id(), r -> r.withImagesReleased(Instant.now()));
        new ReleaseSnapshot(ledger.releaseDirectory(release.id())).forgetValues();
        released.add(release.id());
      }
    }
    for (ContainerInfo hold : holds()) {
      engine.removeContainer(hold.id());
    }
    progress.accept("released the images of " + released.size() + " release(s); no hold of " + project + " is left");
    return released;
  }

  /**
   * Keeps the newest {@code keep} verified releases, the current one and those in {@code protect};
   * releases the images of every other release that still has them, and deletes the secret and
   * config files it kept (no longer a rollback target, it needs them no more). Returns the released ids.
   */
  public List<String> applyRetention(ReleaseLedger ledger, int keep, Set<String> protect, Consumer<String> progress) {
    List<Release> releases = ledger.releases();
    Set<String> kept = new HashSet<>(protect);
    ledger.current().ifPresent(current -> kept.add(current.id()));
    releases.stream().filter(r -> r.status() == ReleaseStatus.VERIFIED)
        .sorted(Comparator.comparing(Release::id).reversed())
        .limit(Math.max(1, keep))
        .forEach(r -> kept.add(r.id()));
    List<String> released = new ArrayList<>();
    for (Release release : releases) {
      if (kept.contains(release.id()) || !release.imagesKept()) {
        continue;
      }
      if (release.status() == ReleaseStatus.DEPLOYING) {
        continue;
      }
      release(release);
      ledger.update(release.id(), r -> r.withImagesReleased(Instant.now()));
      new ReleaseSnapshot(ledger.releaseDirectory(release.id())).forgetValues();
      released.add(release.id());
      progress.accept("retention: released the images of " + release.id() + " (" + release.status().label() + ")");
    }
    return released;
  }
}
