package dev.deployer.pipeline;

import dev.deployer.rollback.FlywayVersion;
import dev.deployer.rollback.PostgresDatabase;
import java.util.Optional;

/**
 * Rollback step: refuses to start a release on a database schema it does not know. A bad
 * release may have migrated the schema past what the target release's code was built for;
 * Flyway would then refuse to start it (or it would run on tables it does not expect).
 */
public final class CheckSchemaStep implements Step {

  private final RollbackPlan plan;

  public CheckSchemaStep(RollbackPlan plan) {
    this.plan = plan;
  }

  @Override
  public String name() {
    return "check schema";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    String expected = plan.to().flywayVersion();
    Optional<PostgresDatabase> database = PostgresDatabase.running(context.engine(), context.project());
    if (database.isEmpty()) {
      context.events().progress(name(), "no database running; nothing to check");
      return;
    }
    String live;
    try (PostgresDatabase db = database.get()) {
      live = db.flywayVersion().orElse(null);
    }
    String after = plan.restoreData() ? plan.backup().database().flywayVersion() : live;
    if (expected == null) {
      context.events().warning(name(), "release " + plan.to().id() + " has no recorded schema version; cannot check");
      return;
    }
    if (after != null && FlywayVersion.compare(after, expected) > 0) {
      if (plan.allowNewerSchema()) {
        context.events().warning(name(), "schema version " + after + " is ahead of release " + plan.to().id()
            + " (version " + expected + "); starting it anyway, as asked (--allow-newer-schema)");
        return;
      }
      throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, "the database schema is at Flyway version "
          + after + (plan.restoreData() ? " in the backup" : "") + ", ahead of release " + plan.to().id()
          + " (version " + expected + "), which may not run on it. Nothing was changed. Either roll back with"
          + " --restore-data to the pre-deploy dump (rows written since are lost), roll back with"
          + " --allow-newer-schema if the newer migrations only added tables or nullable columns, or deploy a fixed"
          + " release forward");
    }
    context.events().progress(name(), "schema version " + (after == null ? "none" : after)
        + (plan.restoreData() ? " after the restore" : "") + "; release " + plan.to().id() + " expects " + expected);
  }
}
