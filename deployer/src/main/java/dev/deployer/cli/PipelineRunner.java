package dev.deployer.cli;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.report.JUnitXmlWriter;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.pipeline.DeploymentOutcome;
import dev.deployer.pipeline.DeploymentReport;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.DeploymentService;
import dev.deployer.pipeline.Flow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What every pipeline command does: run the steps, print the summary, return the exit code. */
final class PipelineRunner {

  /** The report type of the JUnit XML files; its retention is {@code reports.retention.junit}. */
  static final String JUNIT_REPORTS = "junit";

  private PipelineRunner() {}

  static int run(CommandSpec spec, DeployRequest request, OutputOptions output, String command, Flow flow) {
    return run(spec, request, output, command, flow, false);
  }

  /**
   * {@code ciReport}: also write the run's steps and checks as JUnit XML into the state directory's
   * {@code junit} reports, whether or not {@code --junit} names a file too (deploy-and-verify, verify).
   */
  static int run(CommandSpec spec, DeployRequest request, OutputOptions output, String command, Flow flow,
      boolean ciReport) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter human = output.json ? err : out;
    DeploymentService service = new DeploymentService(new ConsoleEvents(human, output),
        settings -> DockerEngines.connect(settings.host(), settings.tlsVerify(), settings.certPath()));
    DeploymentOutcome outcome = service.run(command, flow, request);
    List<Path> junit = new ArrayList<>();
    if (ciReport) {
      junit.add(new ReportStore(request.stateDirectory()).file(JUNIT_REPORTS,
          outcome.reportFile().getFileName().toString().replaceFirst("\\.json$", ".xml")));
    }
    if (output.junit != null) {
      junit.add(output.junit);
    }
    for (Path file : junit) {
      writeJUnit(file, command, outcome.report());
    }
    printSummary(human, outcome.report());
    human.println("report: " + outcome.reportFile());
    junit.forEach(file -> human.println("junit: " + file));
    if (output.json) {
      printJson(out, outcome.report());
    }
    if (outcome.succeeded()) {
      human.println(command + " succeeded: " + releaseOf(outcome));
      human.flush();
      return ExitCodes.OK;
    }
    err.println("error: " + outcome.report().failure());
    // The report's checks and details, not the exception's: those are scrubbed of secrets.
    outcome.report().checks().stream().filter(CheckResult::failed).forEach(check ->
        err.println("  - " + check.name() + ": expected " + check.expected() + ", got " + check.actual()));
    outcome.report().failureDetails().forEach(line -> err.println("  " + line));
    if (output.stacktrace && outcome.failureTrace() != null) {
      err.print(outcome.failureTrace());
    }
    err.flush();
    out.flush();
    return ExitCodes.of(outcome.failure().kind());
  }

  private static void writeJUnit(Path file, String command, DeploymentReport report) {
    List<JUnitXmlWriter.Case> steps = report.steps().stream()
        .map(step -> new JUnitXmlWriter.Case("steps", step.name(), step.duration(), step.message()))
        .toList();
    JUnitXmlWriter.write(file, "deployer." + command + "." + report.environment(), report.checks(), steps);
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

  /** "release R"; for a run that records no release of its own (a verify), the run's id as well. */
  private static String releaseOf(DeploymentOutcome outcome) {
    String run = outcome.report().release();
    if (outcome.release() == null) {
      return "run " + run;
    }
    return outcome.release().equals(run) ? "release " + run : "release " + outcome.release() + " (run " + run + ")";
  }
}
