package dev.deployer.pipeline;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.report.Redaction;
import dev.deployer.infrastructure.report.ReportStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs a command's steps and always writes its deployment report, whether the run succeeded or not. */
public final class DeploymentService {

  private final EventSink events;
  private final Function<DeploymentConfig.DockerSettings, ContainerEngine> engines;

  public DeploymentService(EventSink events, Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) {
    this.events = events;
    this.engines = engines;
  }

  public DeploymentOutcome run(String command, List<Step> steps, DeployRequest request) {
    DeployContext context = new DeployContext(request, events, engines);
    // On SIGTERM or Ctrl-C the finishers still release the lock and record the release as failed,
    // and the report names the steps that finished and the signal.
    Thread interrupted = new Thread(() -> {
      PipelineException failure = context.finish(new PipelineException(PipelineException.Kind.DEPLOY_FAILED,
          command + " was interrupted by a signal"), true);
      write(command, context, context.stepRecords(), failure);
    }, "deployer-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    List<Pipeline.StepRecord> records;
    PipelineException failure = null;
    try {
      try {
        records = new Pipeline(steps).run(context);
      } catch (Pipeline.PipelineRunException e) {
        records = e.records();
        failure = e.failure();
      } catch (RuntimeException e) {
        context.finish(new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "internal error: " + e, e), true);
        throw e;
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
    if (context.isLoaded()) {
      store.prune(context.config().reports().retention(), Instant.now());
    }
    return new DeploymentOutcome(report, file, failure);
  }

  private static DeploymentReport report(String command, DeployContext context, List<Pipeline.StepRecord> records,
      PipelineException failure) {
    Instant finished = Instant.now();
    Map<String, DeploymentReport.ServiceReport> services = new HashMap<>();
    context.images().forEach((service, image) -> services.put(service, new DeploymentReport.ServiceReport(
        image, context.imageIds().get(service), context.serviceActions().get(service))));
    Map<String, String> variables = context.isLoaded() ? context.config().composeVariables() : Map.of();
    List<String> details = failure == null ? List.of()
        : failure.details().stream().map(line -> Redaction.scrub(line, variables)).toList();
    return new DeploymentReport(context.release(), command, context.request().environment(),
        context.isLoaded() ? context.project().name() : null, context.started(), finished,
        Duration.between(context.started(), finished), failure == null ? "succeeded" : "failed",
        failure == null ? null : Redaction.scrub(failure.getMessage(), variables), details, records,
        new java.util.TreeMap<>(services), List.copyOf(context.checks()), Redaction.redact(variables));
  }
}
