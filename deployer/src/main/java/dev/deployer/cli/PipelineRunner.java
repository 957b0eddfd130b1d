package dev.deployer.cli;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.pipeline.DeploymentOutcome;
import dev.deployer.pipeline.DeploymentReport;
import dev.deployer.pipeline.DeploymentService;
import dev.deployer.pipeline.Step;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What every pipeline command does: run the steps, print the summary, return the exit code. */
final class PipelineRunner {

  private PipelineRunner() {}

  static int run(CommandSpec spec, StackOptions stack, OutputOptions output, String command, List<Step> steps) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DeploymentService service = new DeploymentService(new ConsoleEvents(out, output),
        settings -> DockerEngines.connect(settings.host(), settings.tlsVerify(), settings.certPath()));
    DeploymentOutcome outcome = service.run(command, steps, stack.request(System.getenv()));
    printSummary(out, outcome.report());
    out.println("report: " + outcome.reportFile());
    if (outcome.succeeded()) {
      out.println(command + " succeeded: release " + outcome.report().release());
      out.flush();
      return ExitCodes.OK;
    }
    err.println("error: " + outcome.failure().getMessage());
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
