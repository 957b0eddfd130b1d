package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseSnapshot;

/** Rollback step 1: the target release's configuration, as it was deployed, instead of today's files. */
public final class LoadReleaseStep implements Step {

  private final Release target;

  public LoadReleaseStep(Release target) {
    this.target = target;
  }

  @Override
  public String name() {
    return "load release";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ReleaseSnapshot snapshot = new ReleaseSnapshot(new ReleaseLedger(context.stateDirectory())
        .releaseDirectory(target.id()));
    if (!snapshot.exists()) {
      throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED,
          "release " + target.id() + " has no configuration snapshot; nothing was changed");
    }
    try {
      ReleaseSnapshot.Loaded loaded = snapshot.load(context.request().environment(),
          context.request().processEnvironment(), context.valueDigestKey());
      context.loaded(StackLoader.release(context.request(), loaded.config(), loaded.project()));
      context.events().progress(name(), "release " + target.id() + ": project " + loaded.project().name()
          + ", services " + loaded.project().services().keySet());
      loaded.valueNotes().forEach(note -> context.events().progress(name(), note));
    } catch (ConfigException | ComposeException e) {
      throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED,
          "the configuration of release " + target.id() + " no longer loads: " + e.getMessage(), e);
    }
  }
}
