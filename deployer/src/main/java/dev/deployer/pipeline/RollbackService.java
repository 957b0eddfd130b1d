package dev.deployer.pipeline;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.check.Redaction;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseImages;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import dev.deployer.rollback.RollbackReport;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Puts an earlier release back: its configuration snapshot and exact images, recreated through
 * the same start, wait and verify steps as a deploy (services whose configuration is unchanged,
 * the database among them, keep running, so data stays). Writes the rollback report, the audit
 * record and the ledger's new state, whether it succeeded or not.
 */
public final class RollbackService {

  private static final DateTimeFormatter REPORT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final EventSink events;
  private final Function<DeploymentConfig.DockerSettings, ContainerEngine> engines;

  public RollbackService(EventSink events, Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) {
    this.events = events;
    this.engines = engines;
  }

  /** What set the rollback off: a failed deploy, the monitor, or an operator; and why. */
  public record Trigger(String kind, String reason, String requestId) {}

  /**
   * How a rollback ended; {@code serviceActions}: what it did per service (restarted, recreated,
   * unchanged...); {@code failureTrace}: the failure's cause's stack trace, scrubbed (null: none).
   */
  public record RollbackOutcome(RollbackReport report, Path reportFile, PipelineException failure,
      Map<String, String> serviceActions, String failureTrace) {
    public boolean succeeded() {
      return failure == null;
    }
  }

  /**
   * Works out what a rollback to {@code toId} (default: the verified release before the current
   * one) would do. Throws BAD_CONFIG when there is nothing sensible to roll back to.
   */
  public RollbackPlan plan(DeployRequest request, String toId, boolean restoreData) throws PipelineException {
    return new RollbackPlanner(engines).plan(request, toId, restoreData);
  }

  /** Carries out a plan; {@code lockHeld} when the caller (a failed deploy) already holds the lock. */
  public RollbackOutcome execute(DeployRequest request, RollbackPlan plan, Trigger trigger, Actor actor,
      boolean lockHeld) {
    DeployContext context = new DeployContext(request, events, engines, plan.to().id());
    List<Step> steps = new ArrayList<>();
    // The lock is named after the project, so the release is loaded (which changes nothing) first.
    steps.add(new LoadReleaseStep(plan.to()));
    if (!lockHeld) {
      steps.add(new AcquireLockStep("rollback"));
    }
    steps.add(new CheckSchemaStep(plan));
    steps.add(new UseReleaseImagesStep(plan.to()));
    if (plan.restoreData()) {
      steps.add(new RestoreDataStep(plan));
    }
    steps.addAll(Pipelines.rollbackSteps());
    Instant started = Instant.now();
    List<Pipeline.StepRecord> records;
    PipelineException failure = null;
    List<String> stackState = List.of();
    try {
      try {
        records = new Pipeline(steps).run(context);
      } catch (Pipeline.PipelineRunException e) {
        records = e.records();
        failure = rollbackFailure(e.failure());
        stackState = describeStack(context);
      }
      if (failure == null) {
        recordSuccess(context, plan, trigger);
      }
    } finally {
      context.finish(failure, false);
      context.closeEngine();
    }
    return report(context, plan, trigger, actor, started, records, failure, stackState);
  }

  /**
   * Called when a deploy failed after it changed the stack: rolls back to the last verified
   * release, or where confirmation is required, leaves a pending request. Returns the failure
   * the deploy ends with (exit 1 when rolled back, 4 when the rollback failed too or awaits
   * approval: the failed release still runs).
   */
  PipelineException afterFailedDeploy(DeployContext deploy, PipelineException failure) {
    ReleaseLedger ledger = new ReleaseLedger(deploy.stateDirectory());
    Release failed = ledger.find(deploy.release()).orElseThrow();
    Optional<Release> target = targetAfter(ledger, failed.id());
    String environment = deploy.request().environment();
    Actor actor = Actor.current(deploy.request().processEnvironment());
    if (target.isEmpty()) {
      ledger.setCurrent(failed.id());
      return with(failure, failure.kind(), "; there is no verified release to roll back to, so release " + failed.id()
          + " is left as it is", List.of());
    }
    if (deploy.isLoaded() && deploy.config().rollback().requiresConfirmation()) {
      ledger.setCurrent(failed.id());
      RollbackRequest request = new RollbackRequests(deploy.stateDirectory()).create(environment, "deploy",
          failure.getMessage(), failed.id(), target.get().id(), actor);
      new AuditLog(deploy.stateDirectory()).append(AuditRecord.of(environment, "rollback-request", actor,
          failure.getMessage(), failed.id(), target.get().id(), "pending", Map.of("request", request.id())));
      return with(failure, PipelineException.Kind.ROLLBACK_PENDING, "; a rollback to " + target.get().id()
          + " awaits approval: deployer rollback"
          + " --env " + environment + " --approve " + request.id(), List.of());
    }
    deploy.events().warning("rollback", "release " + failed.id() + " failed; rolling back to " + target.get().id());
    RollbackPlan plan = new RollbackPlan(environment, failed, target.get(), RollbackPlanner.changes(failed, target.get()), false, null,
        Map.of(), false);
    RollbackOutcome outcome = execute(deploy.request(), plan, new Trigger("deploy", failure.getMessage(), null), actor,
        true);
    List<String> details = new ArrayList<>(List.of("rollback report: " + outcome.reportFile()));
    if (outcome.succeeded()) {
      return with(failure, failure.kind(), "; rolled back to release " + target.get().id()
          + (outcome.serviceActions().isEmpty() ? "" : " (" + describeActions(outcome.serviceActions()) + ")"), details);
    }
    // What runs now is (part of) the failed release: a later rollback starts from it.
    ledger.setCurrent(failed.id());
    outcome.report().stackState().forEach(line -> details.add("  " + line));
    details.add("operator: " + outcome.report().operatorAction());
    return with(failure, PipelineException.Kind.ROLLBACK_FAILED, "; the rollback to " + target.get().id()
        + " failed too: " + outcome.failure().getMessage(), details);
  }

  /**
   * The release a failed deploy of {@code failedId} rolls back to: the current release if it is
   * verified, else the last verified one before it. A deploy keeps this release's containers.
   */
  static Optional<Release> targetAfter(ReleaseLedger ledger, String failedId) {
    return ledger.current()
        .filter(r -> r.status() == ReleaseStatus.VERIFIED && r.imagesKept() && !r.id().equals(failedId))
        .or(() -> ledger.lastVerifiedBefore(failedId));
  }

  /** "api, worker restarted; db, redis unchanged": what the start step did, grouped by action. */
  static String describeActions(Map<String, String> actions) {
    Map<String, List<String>> byAction = new TreeMap<>();
    new TreeMap<>(actions).forEach((service, action) ->
        byAction.computeIfAbsent(action, a -> new ArrayList<>()).add(service));
    List<String> parts = new ArrayList<>();
    byAction.forEach((action, services) -> parts.add(String.join(", ", services) + " " + action));
    return String.join("; ", parts);
  }

  private static PipelineException with(PipelineException failure, PipelineException.Kind kind, String suffix,
      List<String> extraDetails) {
    List<String> details = new ArrayList<>(failure.details());
    details.addAll(extraDetails);
    return new PipelineException(kind, failure.getMessage() + suffix, failure.failedChecks(), details, failure.getCause());
  }

  /** A failure inside the rollback is a failed rollback, except for a held lock or an unreachable engine. */
  private static PipelineException rollbackFailure(PipelineException failure) {
    if (failure.kind() == PipelineException.Kind.LOCK_HELD || failure.kind() == PipelineException.Kind.ENGINE_UNAVAILABLE
        || failure.kind() == PipelineException.Kind.ROLLBACK_FAILED) {
      return failure;
    }
    return new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, failure.getMessage(), failure.failedChecks(),
        failure.details(), failure.getCause());
  }

  private static void recordSuccess(DeployContext context, RollbackPlan plan, Trigger trigger) {
    ReleaseLedger ledger = new ReleaseLedger(context.stateDirectory());
    Instant now = Instant.now();
    if (plan.from() != null) {
      ledger.update(plan.from().id(), r -> r.withStatus(ReleaseStatus.ROLLED_BACK, now,
          "rolled back to " + plan.to().id() + ": " + trigger.reason()));
    }
    ledger.update(plan.to().id(), r -> r.withStatus(ReleaseStatus.VERIFIED, now, "restored by a rollback"
        + (plan.from() == null ? "" : " from " + plan.from().id()) + (plan.restoreData() ? " with its data" : "")));
    ledger.setCurrent(plan.to().id());
    new ReleaseImages(context.engine(), context.project().name()).hold(ledger.find(plan.to().id()).orElseThrow());
    ContainerChanges.removeKept(context.engine(), context.project().name(),
        line -> context.events().progress("rollback", line));
  }

  private RollbackOutcome report(DeployContext context, RollbackPlan plan, Trigger trigger, Actor actor,
      Instant started, List<Pipeline.StepRecord> records, PipelineException failure, List<String> stackState) {
    Instant finished = Instant.now();
    Map<String, String> secrets = context.isLoaded() ? BackupStep.secrets(context) : context.request().processEnvironment();
    boolean changed = records.stream().anyMatch(r -> r.name().equals("start services") || r.name().equals("restore data"));
    String operatorAction = failure == null ? null : operatorAction(context, plan, failure, changed);
    String id = REPORT_TIME.format(started) + "-to-" + plan.to().id();
    RollbackReport report = new RollbackReport(id, plan.environment(),
        context.isLoaded() ? context.project().name() : null, trigger.kind(), scrub(trigger.reason(), secrets),
        trigger.requestId(), actor.user(), actor.host(), plan.from() == null ? null : plan.from().id(), plan.to().id(),
        plan.restoreData(), started, finished, Duration.between(started, finished), failure == null ? "succeeded" : "failed",
        failure == null ? null : scrub(failure.getMessage(), secrets),
        failure == null ? List.of() : failure.details().stream().map(line -> scrub(line, secrets)).toList(),
        records.stream().map(r -> new RollbackReport.TimelineEntry(r.name(), r.status(), r.duration(),
            scrub(timelineMessage(r, context.serviceActions()), secrets))).toList(),
        new TreeMap<>(plan.changes()), plan.rowsLost(), List.copyOf(context.checks()), stackState, operatorAction);
    ReportStore store = new ReportStore(context.stateDirectory());
    Path file = store.write("rollback", id, report);
    ReleaseLedger reportLedger = new ReleaseLedger(context.stateDirectory());
    if (plan.from() != null) {
      reportLedger.recordReport(plan.from().id(), file.toString());
    }
    reportLedger.recordReport(plan.to().id(), file.toString());
    if (context.isLoaded()) {
      store.prune(context.config().reports().retention(), Instant.now());
    }
    Map<String, String> details = new TreeMap<>();
    details.put("trigger", trigger.kind());
    details.put("report", file.toString());
    if (trigger.requestId() != null) {
      details.put("request", trigger.requestId());
    }
    if (plan.restoreData()) {
      details.put("restoredBackup", plan.backup().release());
      details.put("rowsLost", String.valueOf(plan.rowsLost().values().stream().mapToLong(Long::longValue).sum()));
    }
    new AuditLog(context.stateDirectory()).append(AuditRecord.of(plan.environment(), "rollback", actor,
        scrub(trigger.reason(), secrets), plan.from() == null ? null : plan.from().id(), plan.to().id(),
        failure == null ? "done" : changed ? "failed" : "refused", details));
    return new RollbackOutcome(report, file, failure, Map.copyOf(new TreeMap<>(context.serviceActions())),
        failure == null ? null : Secrets.of(secrets).stackTrace(failure.getCause()));
  }

  /** The start step's entry says which services were restarted from their kept containers and which recreated. */
  static String timelineMessage(Pipeline.StepRecord record, Map<String, String> serviceActions) {
    if (!record.name().equals("start services") || serviceActions.isEmpty()) {
      return record.message();
    }
    String actions = describeActions(serviceActions);
    return record.message() == null ? actions : record.message() + " (" + actions + ")";
  }

  private static String operatorAction(DeployContext context, RollbackPlan plan, PipelineException failure,
      boolean changed) {
    String environment = plan.environment();
    if (failure.kind() == PipelineException.Kind.LOCK_HELD) {
      return "Nothing was changed: another deploy holds the lock. Wait for it, then run `deployer rollback --env "
          + environment + "` again.";
    }
    if (!changed) {
      return "Nothing was changed by the rollback: the stack is as it was before it (see stackState). The cause: "
          + failure.getMessage() + ". When it is resolved, run `deployer rollback --env " + environment + " --to "
          + plan.to().id() + "` again, roll back to another release with --to, or deploy a fixed release.";
    }
    return "The stack is only partly rolled back (see stackState). Inspect it with `docker ps -a --filter label="
        + ComposeLabels.PROJECT + "=" + (context.isLoaded() ? context.project().name() : "<project>")
        + "` and the container logs, then run `deployer rollback --env " + environment + " --to " + plan.to().id()
        + "` again, or deploy a fixed release. The database volume was not removed"
        + (plan.restoreData() ? "; the data was restored from backup " + plan.backup().release() : "") + ".";
  }

  private static List<String> describeStack(DeployContext context) {
    if (!context.isLoaded()) {
      return List.of();
    }
    try {
      List<String> lines = new ArrayList<>();
      for (ContainerInfo c : context.engine().containers(ComposeLabels.project(context.project().name()))) {
        lines.add(c.name() + ": " + c.state() + (c.health() == null ? "" : " (" + c.health() + ")") + ", image "
            + c.image() + ", release " + c.label(ComposeLabels.RELEASE));
      }
      for (ContainerInfo c : context.engine().keptContainers(ComposeLabels.project(context.project().name()))) {
        lines.add(c.name() + ": " + c.state() + ", kept for a rollback, image " + c.image() + ", release "
            + c.label(ComposeLabels.RELEASE));
      }
      return lines;
    } catch (RuntimeException e) {
      return List.of("the stack's state is unknown: " + e.getMessage());
    }
  }

  private static String scrub(String text, Map<String, String> secrets) {
    return text == null ? null : Redaction.scrub(text, secrets);
  }

  private static PipelineException usage(String message) {
    return new PipelineException(PipelineException.Kind.BAD_CONFIG, message);
  }
}
