package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseSnapshot;
import dev.deployer.rollback.ReleaseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step 5b: records the release in the ledger as deploying, with its exact images and a snapshot
 * of its configuration; from here on the run's {@code file} secrets and configs are the snapshot's
 * copies of them. When the run ends it records the outcome: deployed, or failed (what a
 * failed deploy does next is the flow's failure branch, {@link RollbackFlow}).
 */
public final class RecordReleaseStep implements Step {

  private final String command;

  public RecordReleaseStep(String command) {
    this.command = command;
  }

  @Override
  public String name() {
    return "record release";
  }

  @Override
  public void run(DeployContext context) {
    ReleaseLedger ledger = new ReleaseLedger(context.stateDirectory());
    ReleaseSnapshot snapshot = new ReleaseSnapshot(ledger.releaseDirectory(context.release()));
    Map<String, String> hashes = snapshot.save(context.config().configFile(), context.config().composeFile(),
        context.request().processEnvironment(), context.project(), context.valueDigestKey());
    // The release's containers mount its own copies of file secrets and configs, not the files, which may change.
    LoadedStack stack = context.stack();
    context.loaded(new LoadedStack(stack.config(), stack.swarm(), snapshot.withKeptFiles(stack.project()),
        stack.target()));
    Map<String, Release.ServiceImage> services = new TreeMap<>();
    for (ComposeService service : context.project().services().values()) {
      String imageId = context.imageIds().get(service.name());
      services.put(service.name(), new Release.ServiceImage(context.images().get(service.name()), imageId,
          ContainerChanges.configHash(context, service)));
    }
    Actor actor = Actor.current(context.request().processEnvironment());
    Instant now = Instant.now();
    Release release = new Release(context.release(), context.request().environment(), context.project().name(), now,
        actor.user(), actor.host(), GitRevision.of(context.project().workingDir()), command, ReleaseStatus.DEPLOYING,
        services, hashes.get("config"), hashes.get("compose"), null, true, List.of(),
        List.of(new Release.StatusChange(ReleaseStatus.DEPLOYING, now, null)));
    String previous = ledger.current().map(Release::id).orElse(null);
    ledger.add(release);
    context.events().progress(name(), "release " + release.id() + " by " + actor
        + (release.gitRevision() == null ? "" : " at " + release.gitRevision())
        + (previous == null ? "" : ", replacing " + previous));
    context.onOutcome((failure, interrupted) -> recordOutcome(context, ledger, previous, actor, failure, interrupted));
  }

  private static PipelineException recordOutcome(DeployContext context, ReleaseLedger ledger, String previous, Actor actor,
      PipelineException failure, boolean interrupted) {
    String id = context.release();
    Release release = ledger.find(id).orElseThrow();
    AuditLog audit = new AuditLog(context.stateDirectory());
    if (failure == null) {
      if (release.status() == ReleaseStatus.DEPLOYING) {
        ledger.update(id, r -> r.withStatus(ReleaseStatus.DEPLOYED, Instant.now(), "healthy; not verified"));
        // It runs now: a rollback (the monitor's or an operator's) goes from it to the last verified one.
        ledger.setCurrent(id);
        audit.append(AuditRecord.of(release.environment(), "deploy", actor, null, previous, id, "deployed", Map.of()));
      }
      return null;
    }
    String reason = context.secrets().scrub(failure.getMessage());
    ledger.update(id, r -> r.withStatus(ReleaseStatus.FAILED, Instant.now(), reason));
    audit.append(AuditRecord.of(release.environment(), "deploy", actor, reason, previous, id,
        interrupted ? "interrupted" : "failed", Map.of()));
    return failure;
  }
}
