package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Runs a command's steps and always writes its deployment report, whether the run succeeded or not. */
public final class DeploymentService {

  /** The command name of a verify-only run, which records no release of its own. */
  public static final String VERIFY = "verify";

  private final EventSink events;
  private final Function<DeploymentConfig.DockerSettings, ContainerEngine> engines;

  public DeploymentService(EventSink events, Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) {
    this.events = events;
    this.engines = engines;
  }

  public DeploymentOutcome run(String command, List<Step> steps, DeployRequest request) {
    return run(command, Flow.of(steps), request);
  }

  /**
   * Runs a flow: its steps; then the run's outcome is recorded; a failure goes to the flow's
   * failure branch (a deploy's rollback) while the run still holds the lock; then the finishers.
   */
  public DeploymentOutcome run(String command, Flow flow, DeployRequest request) {
    DeployContext context = new DeployContext(request, events, engines);
    // On SIGTERM or Ctrl-C the finishers still release the lock and record the release as failed,
    // and the report names the steps that finished and the signal.
    Thread interrupted = new Thread(() -> {
      PipelineException signal = new PipelineException(PipelineException.Kind.DEPLOY_FAILED,
          command + " was interrupted by a signal");
      PipelineException failure = context.finish(context.recordOutcome(signal, true), true);
      write(command, context, context.stepRecords(), failure);
    }, "deployer-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    List<Pipeline.StepRecord> records;
    PipelineException failure = null;
    try {
      try {
        records = new Pipeline(flow.steps()).run(context);
      } catch (Pipeline.PipelineRunException e) {
        records = e.records();
        failure = e.failure();
      } catch (RuntimeException e) {
        PipelineException internal = new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "internal error: " + e, e);
        context.finish(context.recordOutcome(internal, true), true);
        throw e;
      }
      failure = context.recordOutcome(failure, false);
      if (failure != null) {
        failure = flow.onFailure().handle(context, failure);
      }
      failure = context.finish(failure, false);
    } finally {
      context.closeEngine();
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running
      }
    }
    return write(command, context, records, failure);
  }

  private static DeploymentOutcome write(String command, DeployContext context, List<Pipeline.StepRecord> records,
      PipelineException failure) {
    DeploymentReport report = report(command, context, records, failure);
    ReportStore store = new ReportStore(context.request().stateDirectory());
    Path file = store.write("deployment", report.release() + "-" + command, report);
    Optional<String> release = recordReports(command, context, store, file);
    if (context.isLoaded()) {
      store.prune(context.config().reports().retention(), Instant.now());
    }
    return new DeploymentOutcome(report, file, failure,
        failure == null ? null : context.secrets().stackTrace(failure.getCause()), release.orElse(null));
  }

  /**
   * Names this run's reports in a release's ledger entry: the release the run recorded, or for a
   * verify, which records none, the current release it verified. Returns that release.
   */
  private static Optional<String> recordReports(String command, DeployContext context, ReportStore store,
      Path deploymentReport) {
    ReleaseLedger ledger = new ReleaseLedger(context.stateDirectory());
    Optional<String> release = ledger.find(context.release()).map(Release::id)
        .or(() -> VERIFY.equals(command) ? ledger.current().map(Release::id) : Optional.empty());
    if (release.isEmpty()) {
      return release;
    }
    ledger.recordReport(release.get(), deploymentReport.toString());
    for (String type : List.of("validation", "performance")) {
      store.list(type).stream().filter(path -> path.getFileName().toString().startsWith(context.release() + "-"))
          .forEach(path -> ledger.recordReport(release.get(), path.toString()));
    }
    return release;
  }

  private static DeploymentReport report(String command, DeployContext context, List<Pipeline.StepRecord> records,
      PipelineException failure) {
    Instant finished = Instant.now();
    Secrets secrets = context.secrets();
    Map<String, DeploymentReport.ServiceReport> services = new HashMap<>();
    context.images().forEach((service, image) -> services.put(service, new DeploymentReport.ServiceReport(
        image, context.imageIds().get(service), context.serviceActions().get(service))));
    Map<String, String> variables = context.isLoaded() ? context.config().composeVariables() : Map.of();
    List<CheckResult> checks;
    synchronized (context.checks()) {
      checks = context.checks().stream().map(secrets::scrub).toList();
    }
    return new DeploymentReport(context.release(), command, context.request().environment(),
        context.isLoaded() ? context.project().name() : null, context.started(), finished,
        Duration.between(context.started(), finished), failure == null ? "succeeded" : "failed",
        failure == null ? null : secrets.scrub(failure.getMessage()),
        failure == null ? List.of() : secrets.scrub(failure.details()),
        records.stream().map(secrets::scrub).toList(), new TreeMap<>(services), checks, secrets.redact(variables));
  }
}
