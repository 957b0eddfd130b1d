package dev.deployer.cli;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.report.JUnitXmlWriter;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.pipeline.DeploymentOutcome;
import dev.deployer.pipeline.DeploymentReport;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.DeploymentService;
import dev.deployer.pipeline.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What every pipeline command does: run the steps, print the summary, return the exit code. */
final class PipelineRunner {

  private PipelineRunner() {}

  static int run(CommandSpec spec, DeployRequest request, OutputOptions output, String command, List<Step> steps) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter human = output.json ? err : out;
    DeploymentService service = new DeploymentService(new ConsoleEvents(human, output),
        settings -> DockerEngines.connect(settings.host(), settings.tlsVerify(), settings.certPath()));
    DeploymentOutcome outcome = service.run(command, steps, request);
    if (output.junit != null) {
      writeJUnit(output, command, outcome.report());
    }
    printSummary(human, outcome.report());
    human.println("report: " + outcome.reportFile());
    if (output.json) {
      printJson(out, outcome.report());
    }
    if (outcome.succeeded()) {
      human.println(command + " succeeded: release " + outcome.report().release());
      human.flush();
      return ExitCodes.OK;
    }
    err.println("error: " + outcome.report().failure());
    for (CheckResult check : outcome.failure().failedChecks()) {
      err.println("  - " + check.name() + ": expected " + check.expected() + ", got " + check.actual());
    }
    outcome.report().failureDetails().forEach(line -> err.println("  " + line));
    if (output.stacktrace && outcome.failure().getCause() != null) {
      outcome.failure().getCause().printStackTrace(err);
    }
    err.flush();
    out.flush();
    return ExitCodes.of(outcome.failure().kind());
  }

  private static void writeJUnit(OutputOptions output, String command, DeploymentReport report) {
    List<JUnitXmlWriter.Case> steps = report.steps().stream()
        .map(step -> new JUnitXmlWriter.Case("steps", step.name(), step.duration(), step.message()))
        .toList();
    JUnitXmlWriter.write(output.junit, "deployer." + command + "." + report.environment(), report.checks(), steps);
  }

  private static void printJson(PrintWriter out, DeploymentReport report) {
    try {
      out.println(ReportStore.json().writeValueAsString(report));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void printSummary(PrintWriter out, DeploymentReport report) {
    if (report.services().isEmpty() && report.checks().isEmpty()) {
      return;
    }
    out.println();
    out.printf("%s %s (%s) %s in %s%n", report.command(), report.environment(), report.project(), report.result(),
        Durations.format(report.duration()));
    for (Map.Entry<String, DeploymentReport.ServiceReport> service : report.services().entrySet()) {
      out.printf("  %-10s %-40s %s%n", service.getKey(), service.getValue().image(),
          service.getValue().action() == null ? "" : service.getValue().action());
    }
    long failed = report.checks().stream().filter(CheckResult::failed).count();
    out.printf("  checks: %d passed, %d failed%n", report.checks().size() - failed, failed);
  }
}
