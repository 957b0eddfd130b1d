package dev.deployer.pipeline;

import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.BackupService;
import dev.deployer.rollback.BackupStore;
import dev.deployer.rollback.PostgresDatabase;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 4: before anything changes, a backup of what runs now: the database dump, the config and
 * compose files, the last log lines of every service and the running image ids. A backup that
 * cannot be taken stops the deploy with nothing changed. A redeploy that changes no container
 * needs none: the next deploy that changes something backs up the data as it is then.
 */
public final class BackupStep implements Step {

  @Override
  public String name() {
    return "backup";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    if (context.target().changesNothing(context)) {
      context.events().progress(name(), "skipped: every container runs this release's configuration already");
      return;
    }
    List<Path> files = new ArrayList<>(List.of(context.config().configFile(), context.config().composeFile()));
    files.add(context.project().workingDir().resolve(".env"));
    String running = new ReleaseLedger(context.stateDirectory()).current().map(Release::id).orElse(null);
    try {
      BackupManifest manifest = new BackupService(context.engine(), new BackupStore(context.stateDirectory()))
          .create(new BackupService.Request(context.release(), context.request().environment(), context.project(),
              files, running, secrets(context)), line -> context.events().progress(name(), line));
      if (manifest.database().skipped() != null) {
        context.events().progress(name(), "no database dump: " + manifest.database().skipped());
      }
    } catch (PostgresDatabase.DatabaseException | UncheckedIOException e) {
      throw new PipelineException(PipelineException.Kind.PRE_CHECK_FAILED,
          "the backup failed, so nothing was changed: " + e.getMessage(), e);
    }
  }

  /** Values to mask in saved logs: the run's {@link Secrets}. */
  static Map<String, String> secrets(DeployContext context) {
    return context.secrets().asMap();
  }
}
