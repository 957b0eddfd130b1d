package dev.deployer.rollback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One deploy in the ledger: who made it and when, the exact images and configuration it runs,
 * and what became of it.
 *
 * @param services per service: the image reference, its id, and the container's config hash
 * @param configHash SHA-256 of the deployment config file as deployed
 * @param composeHash SHA-256 of the compose file as deployed
 * @param flywayVersion the database's schema version once the release was verified; null if unknown
 * @param imagesKept false once retention has released its images
 */
public record Release(
    String id,
    String environment,
    String project,
    Instant created,
    String user,
    String host,
    String gitRevision,
    String command,
    ReleaseStatus status,
    Map<String, ServiceImage> services,
    String configHash,
    String composeHash,
    String flywayVersion,
    boolean imagesKept,
    List<String> reports,
    List<StatusChange> history) {

  public Release {
    services = services == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(services));
    reports = reports == null ? List.of() : List.copyOf(reports);
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** The image one service runs and its container's config hash. */
  public record ServiceImage(String image, String imageId, String configHash) {}

  /** A status this release entered, when, and why. */
  public record StatusChange(ReleaseStatus status, Instant at, String note) {}

  public Release withStatus(ReleaseStatus next, Instant at, String note) {
    List<StatusChange> changes = new ArrayList<>(history);
    changes.add(new StatusChange(next, at, note));
    return new Release(id, environment, project, created, user, host, gitRevision, command, next, services,
        configHash, composeHash, flywayVersion, imagesKept, reports, changes);
  }

  public Release withFlywayVersion(String version) {
    return new Release(id, environment, project, created, user, host, gitRevision, command, status, services,
        configHash, composeHash, version, imagesKept, reports, history);
  }

  public Release withReport(String report) {
    List<String> all = new ArrayList<>(reports);
    all.add(report);
    return new Release(id, environment, project, created, user, host, gitRevision, command, status, services,
        configHash, composeHash, flywayVersion, imagesKept, all, history);
  }

  public Release withImagesReleased(Instant at) {
    List<StatusChange> changes = new ArrayList<>(history);
    changes.add(new StatusChange(status, at, "images released by retention"));
    return new Release(id, environment, project, created, user, host, gitRevision, command, status, services,
        configHash, composeHash, flywayVersion, false, reports, changes);
  }

  /** Distinct image ids of the release's services. */
  public List<String> imageIds() {
    return services.values().stream().map(ServiceImage::imageId).filter(java.util.Objects::nonNull)
        .distinct().sorted().toList();
  }
}
