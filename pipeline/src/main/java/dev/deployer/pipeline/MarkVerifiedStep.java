package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.BackupStore;
import dev.deployer.rollback.PostgresDatabase;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseImages;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step 9, the last one: the verified release becomes the current one and a rollback target. It
 * records the database's schema version (so a later rollback can tell whether the schema moved
 * past it), holds its images against pruning, removes the containers a deploy kept for a rollback
 * to restart, and applies retention to older releases.
 */
public final class MarkVerifiedStep implements Step {

  @Override
  public String name() {
    return "record verified";
  }

  @Override
  public void run(DeployContext context) {
    ReleaseLedger ledger = new ReleaseLedger(context.stateDirectory());
    Optional<Release> recorded = ledger.find(context.release());
    Optional<Release> release = recorded.isPresent() ? recorded : running(context, ledger);
    if (release.isEmpty()) {
      context.events().progress(name(), "no release in the ledger matches the running stack; nothing recorded");
      return;
    }
    String id = release.get().id();
    String previous = ledger.current().map(Release::id).orElse(null);
    String schema = schemaVersion(context);
    if (release.get().status() != ReleaseStatus.VERIFIED || schema != null) {
      ledger.update(id, r -> (r.status() == ReleaseStatus.VERIFIED ? r
          : r.withStatus(ReleaseStatus.VERIFIED, Instant.now(), "all checks passed")).withFlywayVersion(schema));
    }
    ledger.setCurrent(id);
    ReleaseImages images = new ReleaseImages(context.engine(), context.project().name());
    images.hold(ledger.find(id).orElseThrow());
    context.events().progress(name(), "release " + id + " verified" + (schema == null ? "" : ", schema version " + schema)
        + "; its images are held for rollback");
    ContainerChanges.removeKept(context.engine(), context.project().name(),
        line -> context.events().progress(name(), line));
    if (recorded.isPresent()) {
      new AuditLog(context.stateDirectory()).append(AuditRecord.of(context.request().environment(), "deploy",
          Actor.current(context.request().processEnvironment()), null, previous, id, "verified", Map.of()));
    }
    int keep = context.config().rollback().keepReleases();
    images.applyRetention(ledger, keep, Set.of(id), line -> context.events().progress(name(), line));
    pruneBackups(context, ledger);
  }

  /** The newest recorded release whose config hashes are those of the running containers. */
  private static Optional<Release> running(DeployContext context, ReleaseLedger ledger) {
    Map<String, String> hashes = new HashMap<>();
    for (ContainerInfo container : context.engine().containers(ComposeLabels.project(context.project().name()))) {
      hashes.put(container.label(ComposeLabels.SERVICE), container.label(ComposeLabels.CONFIG_HASH));
    }
    return ledger.releases().stream()
        .filter(r -> r.status() != ReleaseStatus.FAILED && !r.services().isEmpty())
        .filter(r -> r.services().entrySet().stream()
            .allMatch(s -> s.getValue().configHash().equals(hashes.get(s.getKey()))))
        .max(Comparator.comparing(Release::id));
  }

  private static String schemaVersion(DeployContext context) {
    try {
      Optional<PostgresDatabase> database = PostgresDatabase.running(context.engine(), context.project());
      if (database.isEmpty()) {
        return null;
      }
      try (PostgresDatabase db = database.get()) {
        return db.flywayVersion().orElse(null);
      }
    } catch (PostgresDatabase.DatabaseException e) {
      context.events().warning("record verified", "cannot read the schema version: " + e.getMessage());
      return null;
    }
  }

  /** Backups older than the oldest release still kept are of no use for a rollback any more. */
  private static void pruneBackups(DeployContext context, ReleaseLedger ledger) {
    List<Release> kept = ledger.releases().stream().filter(Release::imagesKept).toList();
    if (kept.isEmpty()) {
      return;
    }
    String oldest = kept.get(0).id();
    BackupStore backups = new BackupStore(context.stateDirectory());
    for (BackupManifest backup : backups.list()) {
      if (backup.release().compareTo(oldest) < 0) {
        backups.remove(backup.release());
        context.events().progress("record verified", "retention: removed backup " + backup.release());
      }
    }
  }
}
