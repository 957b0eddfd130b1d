package dev.deployer.cli;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.monitor.DeployNotifications;
import dev.deployer.monitor.DeployNotifications.Milestone;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.rollback.Actor;
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
import java.util.Set;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;

/** What every pipeline command does: run the steps, print the summary, return the exit code. */
final class PipelineRunner {

  /** The report type of the JUnit XML files; its retention is {@code reports.retention.junit}. */
  static final String JUNIT_REPORTS = "junit";

  /** The commands whose start and end go to the environment's webhooks. */
  private static final Set<String> NOTIFYING = Set.of("deploy", "deploy-and-verify");

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
    DeploymentOutcome outcome;
    try (DeployNotifications notifications = notifications(request, command, human)) {
      notifications.send(Milestone.STARTED, command + " " + request.environment(), command + " started by "
          + Actor.current(request.processEnvironment()));
      outcome = service.run(command, flow, request);
      notifications.send(milestone(command, outcome), command + " " + outcome.report().release(),
          outcome.succeeded() ? command + " succeeded: " + releaseOf(outcome) : outcome.report().failure());
    }
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
    printSummary(human, spec.commandLine().getColorScheme().ansi(), outcome.report());
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

  /**
   * The environment's webhooks, for the commands that change what runs (deploy, deploy-and-verify);
   * none where the config cannot be read, which the run itself reports.
   */
  private static DeployNotifications notifications(DeployRequest request, String command, PrintWriter human) {
    if (!NOTIFYING.contains(command)) {
      return DeployNotifications.NONE;
    }
    try {
      DeploymentConfig config = new ConfigLoader(request.processEnvironment()).load(request.configFile(),
          request.environment());
      return DeployNotifications.forConfig(config, problem -> {
        synchronized (human) {
          human.println("    ! notification not delivered: " + problem);
          human.flush();
        }
      });
    } catch (ConfigException | RuntimeException e) {
      return DeployNotifications.NONE;
    }
  }

  /** How the run ended, as the webhooks are told; an automatic rollback's success shows in the failure's message. */
  static Milestone milestone(String command, DeploymentOutcome outcome) {
    if (outcome.succeeded()) {
      return command.equals("deploy") ? Milestone.SUCCEEDED : Milestone.VERIFIED;
    }
    if (outcome.failure().kind() == PipelineException.Kind.ROLLBACK_PENDING) {
      return Milestone.ROLLBACK_AWAITING_APPROVAL;
    }
    return String.valueOf(outcome.failure().getMessage()).contains("rolled back to release")
        ? Milestone.ROLLED_BACK : Milestone.FAILED;
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

  private static void printSummary(PrintWriter out, Ansi ansi, DeploymentReport report) {
    if (report.services().isEmpty() && report.checks().isEmpty()) {
      return;
    }
    out.println();
    out.println(ansi.string(report.command() + " " + report.environment() + " (" + report.project() + ") "
        + Colors.verdict(report.result()) + " in " + Durations.format(report.duration())));
    Table services = new Table("SERVICE", "IMAGE", "ACTION").indent("  ");
    report.services().forEach((name, service) -> services.row(name, service.image(),
        service.action() == null ? "" : service.action()));
    if (!services.isEmpty()) {
      services.print(out, ansi);
    }
    // Passing checks are in the report; the summary names the ones that need a look.
    Table checks = new Table("CHECK", "VERDICT", "EXPECTED", "ACTUAL").indent("  ");
    report.checks().stream().filter(check -> check.verdict() != CheckResult.Verdict.PASS).forEach(check ->
        checks.row(check.name(), Colors.verdict(check.verdict().name()), check.expected(), check.actual()));
    if (!checks.isEmpty()) {
      checks.print(out, ansi);
    }
    long failed = report.checks().stream().filter(CheckResult::failed).count();
    long passed = report.checks().stream().filter(check -> check.verdict() == CheckResult.Verdict.PASS).count();
    out.println(ansi.string("  checks: " + (passed == 0 ? "0" : "@|green " + passed + "|@") + " passed, "
        + (failed == 0 ? "0" : "@|bold,red " + failed + "|@") + " failed"
        + (report.checks().size() - passed - failed == 0 ? ""
            : ", @|yellow " + (report.checks().size() - passed - failed) + "|@ warned")));
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
