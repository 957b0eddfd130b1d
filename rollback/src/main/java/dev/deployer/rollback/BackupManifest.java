package dev.deployer.rollback;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one pre-deploy backup holds, with a SHA-256 per file.
 *
 * @param release the release whose deploy this backup precedes
 * @param runningRelease the release that was running when the backup was taken, if known
 */
public record BackupManifest(
    String release,
    String environment,
    String project,
    Instant created,
    String runningRelease,
    List<FileEntry> files,
    Database database,
    Map<String, ServiceState> services) {

  public BackupManifest {
    files = files == null ? List.of() : List.copyOf(files);
    services = services == null ? Map.of() : Map.copyOf(services);
  }

  /** A file of the backup, relative to its directory. */
  public record FileEntry(String path, long bytes, String sha256) {}

  /**
   * The database dump, or why there is none.
   *
   * @param rowCounts rows per table in the dump
   * @param flywayVersion the schema version in the dump
   */
  public record Database(String service, String container, String dumpFile, Map<String, Long> rowCounts,
      String flywayVersion, String skipped) {

    public long totalRows() {
      return rowCounts == null ? 0 : rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** A container that was running (or present) when the backup was taken. */
  public record ServiceState(String container, String image, String imageId, String release, String state) {}
}
