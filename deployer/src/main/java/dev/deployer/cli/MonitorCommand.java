package dev.deployer.cli;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import dev.deployer.infrastructure.report.JUnitXmlWriter;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.monitor.HealthReport;
import dev.deployer.monitor.MonitorSettings;
import dev.deployer.pipeline.MonitorRunner;
import dev.deployer.pipeline.PipelineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Watch a running stack: service, application, infrastructure and dependency checks at the"
        + " environment's intervals, its security rules with the metric checks, container events as they happen,"
        + " alerts, and a rollback request when a critical check fails the threshold of consecutive times or a"
        + " security rule is violated. Resource usage past its threshold only warns.",
        "Exit 0 when the stack is healthy at the end; 1 when a rollback was requested or checks still fail."})
final class MonitorCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Mixin
  OutputOptions output;

  @ArgGroup(exclusive = true)
  Length length = new Length();

  static final class Length {
    @Option(names = "--duration", paramLabel = "DURATION", converter = Durations.Seconds.class,
        description = "How long to watch: 90s, 10m, 2h; a bare number is seconds. Default: until interrupted.")
    Duration duration;

    @Option(names = "--once", description = "Run every check once, report, and exit.")
    boolean once;
  }

  @Option(names = "--health-interval", paramLabel = "DURATION", converter = Durations.Seconds.class,
      description = "Overrides the config's health interval, e.g. 500ms or 10s; a bare number is seconds.")
  Duration healthInterval;

  @Option(names = "--metrics-interval", paramLabel = "DURATION", converter = Durations.Seconds.class,
      description = "Overrides the config's metrics interval, e.g. 30s; a bare number is seconds.")
  Duration metricsInterval;

  @Option(names = "--reminder-interval", paramLabel = "DURATION", converter = Durations.Seconds.class,
      description = "How often an alert is repeated while its check keeps failing, e.g. 5m; a bare number is seconds"
          + " (overrides the config's monitoring.reminder_interval; default: ten health intervals, at least 60s).")
  Duration reminderInterval;

  @Option(names = "--failure-threshold", paramLabel = "N",
      description = "Consecutive failures of one check that raise a rollback request (overrides the config).")
  Integer failureThreshold;

  @Option(names = "--until-rollback",
      description = "Stop as soon as a rollback request has been decided (rolled back, pending approval, or failed)"
          + " instead of watching on: for a pipeline step that watches a new release for --duration.")
  boolean untilRollback;

  /** How the environment's engine is reached; a test's stand-in where there is no Docker. */
  Function<DeploymentConfig.DockerSettings, ContainerEngine> engines = Engines.docker();

  @Option(names = "--prometheus-port", paramLabel = "PORT",
      description = "Serve the monitor's own metrics for Prometheus on 127.0.0.1:PORT/metrics.")
  Integer prometheusPort;

  @Override
  public Integer call() {
    requirePositive(failureThreshold, "--failure-threshold");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter human = output.json ? err : out; // with --json, standard output holds the JSON alone
    MonitorRunner runner;
    try {
      runner = MonitorRunner.load(stack.request(System.getenv()), new ConsoleEvents(human, output), engines);
    } catch (PipelineException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.of(e.kind());
    } catch (EngineUnavailableException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.ENGINE_UNAVAILABLE;
    }
    MonitorRunner.Options options = new MonitorRunner.Options(new MonitorSettings.Overrides(
        healthInterval, metricsInterval, failureThreshold, reminderInterval), length.duration, length.once,
        untilRollback, prometheusPort);
    int exit;
    MonitorRunner.Result result;
    try (runner) {
      result = runner.watch(options, port -> human.println("metrics: http://127.0.0.1:" + port + "/metrics"));
      if (output.junit != null) {
        writeJUnit(output.junit, result.report());
      }
      exit = summarize(human, err, result);
      if (output.json) {
        printJson(out, result.report());
      }
    }
    if (result.interrupted()) {
      Thread.currentThread().interrupt(); // the caller's to see, now that the report is written
    }
    return exit;
  }

  private void requirePositive(Integer value, String option) {
    if (value != null && value < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be at least 1, was " + value);
    }
  }

  private int summarize(PrintWriter out, PrintWriter err, MonitorRunner.Result result) {
    HealthReport report = result.report();
    long failing = report.checks().stream().filter(c -> "FAIL".equals(c.lastVerdict())).count();
    out.printf("%nmonitor %s (%s): %s; %d checks, %d failing at the end, %d alerts, %d rollback request(s)%n",
        report.environment(), report.project(), report.status(), report.checks().size(), failing,
        report.alerts().size(), result.rollbacksRequested());
    Table failingChecks = new Table("VERDICT", "CHECK", "ACTUAL").indent("  ");
    report.checks().stream().filter(c -> "FAIL".equals(c.lastVerdict()))
        .forEach(c -> failingChecks.row(Colors.verdict("FAIL"), c.name(), c.lastActual()));
    if (!failingChecks.isEmpty()) {
      failingChecks.print(out, spec.commandLine().getColorScheme().ansi());
    }
    report.rollbackRequests().forEach(r -> out.printf("  rollback %s: %s (%s)%n", r.request().id(), r.status(),
        r.detail()));
    out.println("report: " + result.written().json());
    out.println("page:   " + result.written().html());
    out.flush();
    if (result.rollbacksRequested() > 0) {
      err.println("error: a rollback was requested");
      err.flush();
      return ExitCodes.VERIFICATION_FAILED;
    }
    if (!result.healthy()) {
      err.println("error: " + failing + " check(s) failing at the end");
      err.flush();
      return ExitCodes.VERIFICATION_FAILED;
    }
    return ExitCodes.OK;
  }

  /** The final health report, as written (secrets scrubbed), for a script to read. */
  private static void printJson(PrintWriter out, HealthReport report) {
    try {
      out.println(ReportStore.json().writeValueAsString(report));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * For CI: one test case per check with its last verdict (suites by level), and one that fails
   * when a rollback was requested.
   */
  static void writeJUnit(Path file, HealthReport report) {
    List<CheckResult> checks = report.checks().stream().map(check -> new CheckResult(check.name(), check.level(),
        "NOT RUN".equals(check.lastVerdict()) ? CheckResult.Verdict.WARN : CheckResult.Verdict.valueOf(check.lastVerdict()),
        check.lastExpected(), check.lastActual(), Duration.ofMillis(check.averageMillis()), check.lastTime())).toList();
    String rollbacks = report.rollbackRequests().stream()
        .map(r -> r.request().id() + " (" + r.status() + "): " + r.request().reason()).reduce((a, b) -> a + "; " + b)
        .orElse(null);
    JUnitXmlWriter.write(file, "deployer.monitor." + report.environment(), checks, List.of(new JUnitXmlWriter.Case(
        "monitor", "no rollback requested", Duration.between(report.started(), report.finished()), rollbacks)));
  }
}
