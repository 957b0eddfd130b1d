package dev.deployer.cli;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import dev.deployer.infrastructure.report.JUnitXmlWriter;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.monitor.AlertChannels;
import dev.deployer.monitor.EventSource;
import dev.deployer.monitor.HealthReport;
import dev.deployer.monitor.HealthReports;
import dev.deployer.monitor.MonitorMetrics;
import dev.deployer.monitor.MonitorService;
import dev.deployer.monitor.MonitorSettings;
import dev.deployer.monitor.MonitoredCheck;
import dev.deployer.monitor.RollbackRequest;
import dev.deployer.monitor.RollbackRequester;
import dev.deployer.monitor.StackChecks;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.MonitorRollbackRequester;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.SecurityFacts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.OkHttpClient;
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

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

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
    DeployRequest request = stack.request(System.getenv());
    ConsoleEvents console = new ConsoleEvents(human, output);
    DeployContext context = new DeployContext(request, console, engines);
    StackContainers containers;
    try {
      context.load();
      context.engine().info();
      containers = context.containers();
    } catch (PipelineException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.of(e.kind());
    } catch (EngineUnavailableException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.ENGINE_UNAVAILABLE;
    }
    DeploymentConfig config = context.config();
    MonitorSettings settings = MonitorSettings.from(config, new MonitorSettings.Overrides(
        healthInterval, metricsInterval, failureThreshold, reminderInterval));
    HealthReports reports = new HealthReports(request.stateDirectory(), config.variables(),
        config.reports().retention().getOrDefault(HealthReport.TYPE, Duration.ofDays(7)), Clock.systemUTC());
    reports.prune();
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(config.validation().maxResponseTime().plusSeconds(5))
        .retryOnConnectionFailure(false).build();
    List<MonitoredCheck> checks = new ArrayList<>(
        StackChecks.forStack(config, context.project(), containers, context.engine(), context.publishedHost(), http));
    checks.addAll(StackChecks.security(config, context.project(), containers, context.engine(),
        context.publishedHost(), http, SecurityFacts.defaultSecrets(context),
        () -> SecurityFacts.pinnedImageIds(context), settings.metricsInterval(), Clock.systemUTC()));
    context.target().monitorChecks(context).forEach(check -> checks.add(MonitoredCheck.health(check)));
    String id = ID_TIME.format(Instant.now()) + "-monitor";
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook = shutdownHook(stop, reported);
    int exit;
    boolean interrupted;
    try (MonitorMetrics metrics = MonitorMetrics.prometheus();
        MonitorService service = new MonitorService(settings, checks,
            EventSource.of(context.engine(), containers),
            AlertChannels.forConfig(config, request.stateDirectory(), console, message -> console.warning("monitor", message)),
            rollbackRequester(request, console, stop), metrics, console, Clock.systemUTC())) {
      service.trafficSource(() -> context.target().traffic(context));
      if (prometheusPort != null) {
        human.println("metrics: http://127.0.0.1:" + metrics.serve(prometheusPort) + "/metrics");
      }
      // The target's housekeeping: a warm previous release goes once its window is over.
      interrupted = watch(service, reports, id, stop, settings.healthInterval(), () -> {
        try {
          context.target().expire(context);
        } catch (RuntimeException e) {
          console.warning("monitor", "expiring what the target keeps failed: " + e.getMessage());
        }
      });
      service.close(); // waits for a rollback request being decided, so the report has its outcome
      HealthReports.Written written = reports.write(service.report(id));
      if (output.junit != null) {
        writeJUnit(output.junit, written.report());
      }
      exit = summarize(human, err, service, written);
      if (output.json) {
        printJson(out, written.report());
      }
    } finally {
      reported.countDown();
      removeHook(hook);
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      context.closeEngine();
    }
    if (interrupted) {
      Thread.currentThread().interrupt(); // the caller's to see, now that the report is written
    }
    return exit;
  }

  private void requirePositive(Integer value, String option) {
    if (value != null && value < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be at least 1, was " + value);
    }
  }

  /**
   * Rollback requests go to the rollback service: carried out at once, or pending where approval is
   * required. With --until-rollback, the decision also ends the watch.
   */
  private RollbackRequester rollbackRequester(DeployRequest request, ConsoleEvents console, CountDownLatch stop) {
    RollbackRequester requester = new MonitorRollbackRequester(request, console, engines);
    if (!untilRollback) {
      return requester;
    }
    return rollbackRequest -> {
      RollbackRequest.Decision decision = requester.request(rollbackRequest);
      stop.countDown();
      return decision;
    };
  }

  /**
   * Runs the checks once, or for the duration, or until {@code stop} (Ctrl-C); a report every minute
   * meanwhile. An interrupt of the calling thread ends the watch the same way (an embedding caller's
   * Ctrl-C): the final report is still written, and the interrupt is returned to be restored after.
   */
  private boolean watch(MonitorService service, HealthReports reports, String id, CountDownLatch stop,
      Duration housekeepingInterval, Runnable housekeeping) {
    if (length.once) {
      service.runOnce();
      return false;
    }
    service.start();
    service.every(Duration.ofMinutes(1), () -> reports.write(service.report(id)));
    service.every(housekeepingInterval, housekeeping);
    try {
      stop.await(length.duration == null ? Long.MAX_VALUE : length.duration.toMillis(), TimeUnit.MILLISECONDS);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  /** On Ctrl-C or SIGTERM: stop watching, and hold the JVM until the final report is written. */
  private static Thread shutdownHook(CountDownLatch stop, CountDownLatch reported) {
    Thread hook = new Thread(() -> {
      stop.countDown();
      await(reported, Duration.ofSeconds(60));
    }, "monitor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running and waits for the report
    }
  }

  private int summarize(PrintWriter out, PrintWriter err, MonitorService service, HealthReports.Written written) {
    HealthReport report = written.report();
    long failing = report.checks().stream().filter(c -> "FAIL".equals(c.lastVerdict())).count();
    out.printf("%nmonitor %s (%s): %s; %d checks, %d failing at the end, %d alerts, %d rollback request(s)%n",
        report.environment(), report.project(), report.status(), report.checks().size(), failing,
        report.alerts().size(), service.rollbacksRequested());
    Table failingChecks = new Table("VERDICT", "CHECK", "ACTUAL").indent("  ");
    report.checks().stream().filter(c -> "FAIL".equals(c.lastVerdict()))
        .forEach(c -> failingChecks.row(Colors.verdict("FAIL"), c.name(), c.lastActual()));
    if (!failingChecks.isEmpty()) {
      failingChecks.print(out, spec.commandLine().getColorScheme().ansi());
    }
    report.rollbackRequests().forEach(r -> out.printf("  rollback %s: %s (%s)%n", r.request().id(), r.status(),
        r.detail()));
    out.println("report: " + written.json());
    out.println("page:   " + written.html());
    out.flush();
    if (service.rollbacksRequested() > 0) {
      err.println("error: a rollback was requested");
      err.flush();
      return ExitCodes.VERIFICATION_FAILED;
    }
    if (!service.healthy()) {
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

  private static void await(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
