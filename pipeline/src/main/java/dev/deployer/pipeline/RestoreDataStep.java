package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.BackupStore;
import dev.deployer.rollback.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rollback step for {@code --restore-data}: verifies the backup's checksums, says how many rows
 * will be lost, stops every service but the database, restores the dump, and checks that the
 * row counts are those of the manifest.
 */
public final class RestoreDataStep implements Step {

  private final RollbackPlan plan;

  public RestoreDataStep(RollbackPlan plan) {
    this.plan = plan;
  }

  @Override
  public String name() {
    return "restore data";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    BackupManifest backup = plan.backup();
    BackupStore store = new BackupStore(context.stateDirectory());
    List<String> problems = store.verify(backup.release());
    if (!problems.isEmpty()) {
      throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, "backup " + backup.release()
          + " fails its checksums; nothing was restored", List.of(), problems, null);
    }
    context.events().progress(name(), "backup " + backup.release() + ": " + backup.files().size()
        + " files match their SHA-256");
    ContainerEngine engine = context.engine();
    Optional<PostgresDatabase> running = PostgresDatabase.running(engine, context.project());
    if (running.isEmpty()) {
      throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED,
          "the database is not running; nothing was restored");
    }
    try (PostgresDatabase database = running.get()) {
      RollbackPlan now = new RollbackPlan(plan.environment(), plan.from(), plan.to(), plan.changes(), true, backup,
          database.rowCounts(), plan.allowNewerSchema());
      now.describe().stream().filter(line -> line.startsWith("  rows") || line.startsWith("    "))
          .forEach(line -> context.events().progress(name(), line.strip()));
      for (ContainerInfo container : engine.containers(ComposeLabels.project(context.project().name()))) {
        if (!database.service().equals(container.label(ComposeLabels.SERVICE)) && container.running()) {
          ServiceLifecycle.stop(context, container, ContainerChanges.STOP_TIMEOUT);
          context.events().progress(name(), "stopped " + container.name() + " so nothing writes during the restore");
        }
      }
      Path dump = store.directory(backup.release()).resolve(backup.database().dumpFile());
      try {
        database.restore(dump);
        Map<String, Long> after = database.rowCounts();
        if (!Objects.equals(after, backup.database().rowCounts())) {
          throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, "after the restore the database holds "
              + after + " rows per table, the backup's manifest says " + backup.database().rowCounts());
        }
        context.events().progress(name(), "restored " + backup.database().totalRows() + " rows in " + after.size()
            + " tables, as in the manifest");
      } catch (PostgresDatabase.DatabaseException e) {
        throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, e.getMessage(), e);
      }
    }
  }
}
