package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.BackupStore;
import dev.deployer.rollback.PostgresDatabase;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseSnapshot;
import dev.deployer.rollback.ReleaseStatus;
import dev.deployer.rollback.RollbackReport;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Works out a rollback before anything changes: its target, what changes per service (and which
 * service gets its kept container back), and with --restore-data the backup and the rows a
 * restore loses. {@link RollbackService} carries the plan out.
 */
final class RollbackPlanner {

  private final Function<DeploymentConfig.DockerSettings, ContainerEngine> engines;

  RollbackPlanner(Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) {
    this.engines = engines;
  }

  /**
   * Works out what a rollback to {@code toId} (default: the verified release before the current
   * one) would do. Throws BAD_CONFIG when there is nothing sensible to roll back to.
   */
  RollbackPlan plan(DeployRequest request, String toId, boolean restoreData) throws PipelineException {
    ReleaseLedger ledger = new ReleaseLedger(request.stateDirectory());
    Release from = ledger.current().orElse(null);
    Release to;
    if (toId != null) {
      to = ledger.find(toId).orElseThrow(() -> usage("no release " + toId + " in the ledger of " + request.environment()
          + "; see `deployer releases --env " + request.environment() + "`"));
      if (to.status() != ReleaseStatus.VERIFIED) {
        throw usage("release " + toId + " is " + to.status().label() + "; only verified releases are rollback targets");
      }
    } else {
      if (from == null) {
        throw usage("no release of " + request.environment() + " has been verified yet; there is nothing to roll back to");
      }
      to = ledger.lastVerifiedBefore(from.id()).orElseThrow(() -> usage("there is no verified release before "
          + from.id() + " to roll back to"));
    }
    if (!to.imagesKept()) {
      throw usage("the images of release " + to.id() + " were released by retention; choose a newer one with --to");
    }
    if (from != null && from.id().equals(to.id())) {
      throw usage("release " + to.id() + " is the one running already");
    }
    BackupManifest backup = restoreData ? backupFor(request, ledger, to) : null;
    Map<String, Long> rows = restoreData ? liveRowCounts(request, to) : Map.of();
    return new RollbackPlan(request.environment(), from, to, withKeptContainers(request, to, changes(from, to)),
        restoreData, backup, rows, false);
  }

  /**
   * Marks the changed services whose container of release {@code to} was kept (a failed deploy
   * keeps its rollback target's; blue/green keeps the previous color warm): the rollback goes back
   * to those instead of creating new ones. Best effort: when the release's
   * files no longer load or the engine does not answer, nothing is marked, and the rollback
   * itself says what it did.
   */
  private Map<String, RollbackReport.ServiceChange> withKeptContainers(DeployRequest request, Release to,
      Map<String, RollbackReport.ServiceChange> changes) {
    Map<String, RollbackReport.ServiceChange> marked = new TreeMap<>(changes);
    try {
      ReleaseSnapshot.Loaded loaded = new ReleaseSnapshot(new ReleaseLedger(request.stateDirectory())
          .releaseDirectory(to.id())).load(request.environment(), request.processEnvironment(),
          ValueDigestKey.in(request.stateDirectory()));
      try (ContainerEngine engine = engines.apply(loaded.config().docker())) {
        changes.forEach((service, change) -> {
          Release.ServiceImage image = to.services().get(service);
          Map<String, String> labels = ComposeLabels.service(loaded.project().name(), service);
          if (change.changes() && image != null && image.configHash() != null && java.util.stream.Stream.concat(
              engine.keptContainers(labels).stream(), engine.containers(labels).stream())
              .anyMatch(kept -> image.configHash().equals(kept.label(ComposeLabels.CONFIG_HASH)))) {
            marked.put(service, change.withKeptContainer());
          }
        });
      }
    } catch (ConfigException | ComposeException | EngineException | EngineUnavailableException e) {
      return changes;
    }
    return marked;
  }

  static Map<String, RollbackReport.ServiceChange> changes(Release from, Release to) {
    Map<String, RollbackReport.ServiceChange> changes = new TreeMap<>();
    TreeSet<String> services = new TreeSet<>(to.services().keySet());
    if (from != null) {
      services.addAll(from.services().keySet());
    }
    for (String service : services) {
      Release.ServiceImage before = from == null ? null : from.services().get(service);
      Release.ServiceImage after = to.services().get(service);
      changes.put(service, new RollbackReport.ServiceChange(before == null ? null : before.image(),
          before == null ? null : before.imageId(), after == null ? null : after.image(),
          after == null ? null : after.imageId(),
          !Objects.equals(before == null ? null : before.configHash(), after == null ? null : after.configHash()),
          false));
    }
    return changes;
  }

  /** The backup holding the data as it was while {@code to} ran: taken right before the next deploy. */
  private static BackupManifest backupFor(DeployRequest request, ReleaseLedger ledger, Release to)
      throws PipelineException {
    BackupStore store = new BackupStore(request.stateDirectory());
    List<BackupManifest> backups = store.list();
    Optional<BackupManifest> chosen = backups.stream().filter(b -> to.id().equals(b.runningRelease())).findFirst();
    if (chosen.isEmpty()) {
      chosen = ledger.releases().stream().map(Release::id).filter(id -> id.compareTo(to.id()) > 0).sorted()
          .map(store::manifest).flatMap(Optional::stream).findFirst();
    }
    BackupManifest backup = chosen.orElseThrow(() -> usage("there is no backup of the data of release " + to.id()
        + "; roll back without --restore-data"));
    if (backup.database() == null || backup.database().skipped() != null) {
      throw usage("backup " + backup.release() + " has no database dump ("
          + (backup.database() == null ? "none" : backup.database().skipped()) + ")");
    }
    return backup;
  }

  private Map<String, Long> liveRowCounts(DeployRequest request, Release to) throws PipelineException {
    ReleaseSnapshot snapshot = new ReleaseSnapshot(new ReleaseLedger(request.stateDirectory()).releaseDirectory(to.id()));
    try {
      ReleaseSnapshot.Loaded loaded = snapshot.load(request.environment(), request.processEnvironment(),
          ValueDigestKey.in(request.stateDirectory()));
      try (ContainerEngine engine = engines.apply(loaded.config().docker())) {
        Optional<PostgresDatabase> database = PostgresDatabase.running(engine, loaded.project());
        if (database.isEmpty()) {
          return Map.of();
        }
        try (PostgresDatabase db = database.get()) {
          return db.rowCounts();
        }
      }
    } catch (ConfigException | ComposeException e) {
      throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED,
          "the configuration of release " + to.id() + " no longer loads: " + e.getMessage(), e);
    } catch (PostgresDatabase.DatabaseException | EngineException e) {
      throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, "cannot count the rows in the database: "
          + e.getMessage(), e);
    }
  }

  private static PipelineException usage(String message) {
    return new PipelineException(PipelineException.Kind.BAD_CONFIG, message);
  }
}
