package dev.deployer.pipeline;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.http.HttpClients;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.monitor.AlertChannels;
import dev.deployer.monitor.EventSource;
import dev.deployer.monitor.HealthReport;
import dev.deployer.monitor.HealthReports;
import dev.deployer.monitor.MonitorMetrics;
import dev.deployer.monitor.MonitorService;
import dev.deployer.monitor.MonitorSettings;
import dev.deployer.monitor.MonitoredCheck;
import dev.deployer.monitor.RollbackRequester;
import dev.deployer.monitor.StackChecks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import okhttp3.OkHttpClient;

/**
 * The monitor on a loaded environment: its checks at four levels, the watch (once, for a duration,
 * or until stopped), rollback requests, and the final health report. {@link #close()} lets go of
 * the engine and of a Ctrl-C waiting for the report, once the caller has shown it.
 */
public final class MonitorRunner implements AutoCloseable {

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** How long to watch and what ends it; a null duration watches until stopped. */
  public record Options(MonitorSettings.Overrides overrides, Duration duration, boolean once, boolean untilRollback,
      Integer prometheusPort) {}

  /** The final report as written, and what the watch saw; {@code interrupted}: the caller's thread was. */
  public record Result(HealthReports.Written written, int rollbacksRequested, boolean healthy, boolean interrupted) {

    public HealthReport report() {
      return written.report();
    }
  }

  private final DeployContext context;
  private final EventSink events;
  private final StackContainers containers;
  private final Function<DeploymentConfig.DockerSettings, ContainerEngine> engines;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch reported = new CountDownLatch(1);
  private OkHttpClient http;
  private Thread hook;

  private MonitorRunner(DeployContext context, EventSink events, StackContainers containers,
      Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) {
    this.context = context;
    this.events = events;
    this.containers = containers;
    this.engines = engines;
  }

  /**
   * Loads the request's environment and reaches its engine, as status does.
   *
   * @throws dev.deployer.infrastructure.engine.EngineUnavailableException where the engine does not answer
   */
  public static MonitorRunner load(DeployRequest request, EventSink events,
      Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) throws PipelineException {
    DeployContext context = new DeployContext(request, events, engines);
    try {
      context.load();
      context.engine().info();
      return new MonitorRunner(context, events, context.containers(), engines);
    } catch (PipelineException | RuntimeException e) {
      context.closeEngine();
      throw e;
    }
  }

  /**
   * Runs the checks once, or for the duration, or until Ctrl-C; a report every minute meanwhile,
   * and the final one at the end. From here until {@link #close()}, Ctrl-C or SIGTERM ends the
   * watch and holds the JVM until the caller has shown the report. {@code metricsServed} gets the
   * port of the Prometheus endpoint, where one was asked for.
   */
  public Result watch(Options options, IntConsumer metricsServed) {
    DeployRequest request = context.request();
    DeploymentConfig config = context.config();
    MonitorSettings settings = MonitorSettings.from(config, options.overrides());
    HealthReports reports = new HealthReports(request.stateDirectory(), config.variables(),
        config.reports().retention().getOrDefault(HealthReport.TYPE, Duration.ofDays(7)), Clock.systemUTC());
    reports.prune();
    http = HttpClients.checks(config.validation().maxResponseTime());
    List<MonitoredCheck> checks = new ArrayList<>(
        StackChecks.forStack(config, context.project(), containers, context.engine(), context.publishedHost(), http));
    checks.addAll(StackChecks.security(config, context.project(), containers, context.engine(),
        context.publishedHost(), http, SecurityFacts.defaultSecrets(context),
        () -> SecurityFacts.pinnedImageIds(context), settings.metricsInterval(), Clock.systemUTC()));
    context.target().monitorChecks(context).forEach(check -> checks.add(MonitoredCheck.health(check)));
    String id = ID_TIME.format(Instant.now()) + "-monitor";
    hook = shutdownHook(stop, reported);
    try (MonitorMetrics metrics = MonitorMetrics.prometheus();
        MonitorService service = new MonitorService(settings, checks,
            EventSource.of(context.engine(), containers),
            AlertChannels.forConfig(config, request.stateDirectory(), events, message -> events.warning("monitor", message)),
            rollbackRequester(request, options.untilRollback()), metrics, events, Clock.systemUTC())) {
      service.trafficSource(() -> context.target().traffic(context));
      if (options.prometheusPort() != null) {
        metricsServed.accept(metrics.serve(options.prometheusPort()));
      }
      // The target's housekeeping: a warm previous release goes once its window is over.
      boolean interrupted = watch(service, reports, id, options, settings.healthInterval(), () -> {
        try {
          context.target().expire(context);
        } catch (RuntimeException e) {
          events.warning("monitor", "expiring what the target keeps failed: " + e.getMessage());
        }
      });
      service.close(); // waits for a rollback request being decided, so the report has its outcome
      HealthReports.Written written = reports.write(service.report(id));
      return new Result(written, service.rollbacksRequested(), service.healthy(), interrupted);
    }
  }

  /**
   * Rollback requests go to the rollback service: carried out at once, or pending where approval is
   * required. With --until-rollback, the decision also ends the watch.
   */
  private RollbackRequester rollbackRequester(DeployRequest request, boolean untilRollback) {
    RollbackRequester requester = new MonitorRollbackRequester(request, events, engines);
    if (!untilRollback) {
      return requester;
    }
    return rollbackRequest -> {
      RollbackRequester.Decision decision = requester.request(rollbackRequest);
      stop.countDown();
      return decision;
    };
  }

  /**
   * Runs the checks once, or for the duration, or until {@code stop} (Ctrl-C); a report every minute
   * meanwhile. An interrupt of the calling thread ends the watch the same way (an embedding caller's
   * Ctrl-C): the final report is still written, and the interrupt is returned to be restored after.
   */
  private boolean watch(MonitorService service, HealthReports reports, String id, Options options,
      Duration housekeepingInterval, Runnable housekeeping) {
    if (options.once()) {
      service.runOnce();
      return false;
    }
    service.start();
    service.every(Duration.ofMinutes(1), () -> reports.write(service.report(id)));
    service.every(housekeepingInterval, housekeeping);
    try {
      stop.await(options.duration() == null ? Long.MAX_VALUE : options.duration().toMillis(), TimeUnit.MILLISECONDS);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  /** Lets a waiting Ctrl-C end the JVM, and closes the HTTP client and the engine. */
  @Override
  public void close() {
    reported.countDown();
    if (hook != null) {
      removeHook(hook);
    }
    if (http != null) {
      HttpClients.release(http);
    }
    context.closeEngine();
  }

  /** On Ctrl-C or SIGTERM: stop watching, and hold the JVM until the final report is shown. */
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

  private static void await(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
