package dev.deployer.monitor;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.engine.EngineEvent;
import dev.deployer.infrastructure.event.EventSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a running stack: health checks at the health interval and metric checks at the metrics
 * interval (each round's checks in parallel), container events as they happen, consecutive
 * failures per check, alerts on every change of state, and a rollback request once a critical
 * check reaches the threshold or an immediate trigger fires (a container that does not stay up, a
 * security violation). Warning-level failures are alerted, never sent to the rollback check.
 * Holds only bounded history.
 */
public final class MonitorService implements AutoCloseable {

  private volatile Supplier<List<String>> trafficSource = List::of;
  private final MonitorSettings settings;
  private final Map<String, MonitoredCheck> checks = new LinkedHashMap<>();
  private final MonitorMetrics metrics;
  private final EventSink sink;
  private final Clock clock;
  private final FailureTracker tracker;
  private final AlertManager alerts;
  private final CheckHistory history;
  private final RingBuffer<HealthReport.ContainerEvent> events;
  private final Map<String, ArrayDeque<Instant>> deaths = new HashMap<>();
  private final AtomicBoolean healthRunning = new AtomicBoolean();
  private final AtomicBoolean metricsRunning = new AtomicBoolean();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3, threads("monitor-schedule"));
  private final ExecutorService checkPool;
  private final RollbackDispatcher rollbacks;
  private final EventWatcher watcher;
  private final Instant started;
  private final AtomicBoolean closed = new AtomicBoolean();

  public MonitorService(MonitorSettings settings, List<MonitoredCheck> checks, EventSource eventSource,
      List<AlertChannel> channels, RollbackRequester requester, MonitorMetrics metrics, EventSink sink, Clock clock) {
    this.settings = settings;
    checks.forEach(check -> this.checks.put(check.name(), check));
    // Checks mostly wait on the network; one thread each (up to 16) keeps a round as short as its slowest check.
    this.checkPool = Executors.newFixedThreadPool(Math.max(1, Math.min(16, checks.size())), threads("monitor-check"));
    this.metrics = metrics;
    this.sink = sink;
    this.clock = clock;
    this.tracker = new FailureTracker(settings.failureThreshold());
    this.alerts = new AlertManager(channels, settings.reminderInterval(), clock, settings.historySize(),
        metrics::alerted, this::channelFailed);
    this.rollbacks = new RollbackDispatcher(settings, requester, alerts, metrics, clock);
    this.history = new CheckHistory(checks, settings.historySize());
    this.events = new RingBuffer<>(settings.historySize());
    this.watcher = eventSource == null ? null : new EventWatcher(eventSource, this::onEvent, scheduler,
        message -> sink.warning("monitor", message), this::streamReconnected, Duration.ofMillis(500), Duration.ofSeconds(30));
    this.started = clock.instant();
    this.checks.values().forEach(check -> metrics.consecutiveFailures(check.name(), check.level(), tracker,
        t -> t.consecutiveFailures(check.name())));
  }

  /** Subscribes to events and starts both schedules; the first rounds run at once. */
  public void start() {
    if (watcher != null) {
      watcher.start();
    }
    scheduler.scheduleAtFixedRate(() -> round(MonitoredCheck.Schedule.HEALTH), 0,
        settings.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(() -> round(MonitoredCheck.Schedule.METRICS), 0,
        settings.metricsInterval().toMillis(), TimeUnit.MILLISECONDS);
    sink.progress("monitor", String.format("monitoring %s (%s): %d checks, health every %s s, metrics every %s s,"
        + " rollback after %d consecutive failures", settings.environment(), settings.project(), checks.size(),
        settings.healthInterval().toMillis() / 1000.0, settings.metricsInterval().toMillis() / 1000.0,
        settings.failureThreshold()));
  }

  /** One round of every check, health then metrics, in the caller's thread. */
  public void runOnce() {
    round(MonitoredCheck.Schedule.HEALTH);
    round(MonitoredCheck.Schedule.METRICS);
  }

  /** Runs {@code task} every {@code interval} on the monitor's scheduler, reporting its failures. */
  public void every(Duration interval, Runnable task) {
    scheduler.scheduleAtFixedRate(() -> guarded("scheduled task", task), interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** An immediate rollback trigger: once per incident, however often it fires. */
  public void trigger(String source, String level, String reason) {
    if (tracker.trigger()) {
      rollbacks.request(source, level, reason, List.copyOf(tracker.failing().keySet()));
    }
  }

  public boolean healthy() {
    return history.healthy() && tracker.failing().isEmpty();
  }

  public int rollbacksRequested() {
    return rollbacks.raised();
  }

  public List<Alert> alerts() {
    return alerts.history();
  }

  public List<HealthReport.RollbackRecord> rollbackRecords() {
    return rollbacks.records();
  }

  public MonitorSettings settings() {
    return settings;
  }

  public HealthReport report(String id) {
    String status = rollbacks.raised() > 0 ? HealthReport.ROLLBACK_REQUESTED
        : healthy() ? HealthReport.HEALTHY : HealthReport.UNHEALTHY;
    return new HealthReport(id, settings.environment(), settings.project(), started, clock.instant(), status,
        new HealthReport.Settings(settings.healthInterval(), settings.metricsInterval(), settings.failureThreshold(),
            settings.requiresConfirmation(), settings.reminderInterval()),
        history.summaries(tracker::consecutiveFailures), history.samples(), alerts.history(), events.snapshot(),
        rollbacks.records(), watcher == null ? 0 : watcher.reconnects(), traffic());
  }

  /** Where the report's traffic lines come from: which release serves, which is kept warm (blue/green). */
  public void trafficSource(Supplier<List<String>> source) {
    this.trafficSource = source;
  }

  private List<String> traffic() {
    try {
      return trafficSource.get();
    } catch (RuntimeException e) {
      return List.of("unknown: " + e.getMessage());
    }
  }

  private void round(MonitoredCheck.Schedule schedule) {
    AtomicBoolean running = schedule == MonitoredCheck.Schedule.HEALTH ? healthRunning : metricsRunning;
    if (!running.compareAndSet(false, true)) {
      return; // the previous round is still going; never pile rounds up
    }
    try {
      Map<MonitoredCheck, Future<CheckResult>> pending = new LinkedHashMap<>();
      for (MonitoredCheck check : checks.values()) {
        if (check.schedule() == schedule) {
          pending.put(check, checkPool.submit(check.check()::run));
        }
      }
      long deadline = System.nanoTime() + settings.checkTimeout().toNanos();
      for (Map.Entry<MonitoredCheck, Future<CheckResult>> entry : pending.entrySet()) {
        MonitoredCheck check = entry.getKey();
        Outcome outcome = outcome(check, entry.getValue(), deadline);
        // Only a verdict the check gave itself can be a violation; a timeout is a failure like any other.
        handle(outcome.result(), check.severity(), check.immediateTrigger() && outcome.verdict(), true);
      }
    } catch (RejectedExecutionException e) {
      // stopping
    } catch (RuntimeException e) {
      sink.warning("monitor", schedule.name().toLowerCase() + " round failed: " + e);
    } finally {
      running.set(false);
    }
  }

  /** A check's result; {@code verdict} is false when the monitor failed it for giving none in time. */
  private record Outcome(CheckResult result, boolean verdict) {}

  private Outcome outcome(MonitoredCheck check, Future<CheckResult> future, long deadline) {
    try {
      return new Outcome(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), true);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Outcome(failure(check.name(), check.level(),
          "no result within " + settings.checkTimeout().toSeconds() + " s"), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(failure(check.name(), check.level(), "interrupted"), false);
    } catch (java.util.concurrent.ExecutionException e) {
      return new Outcome(failure(check.name(), check.level(), "check threw " + e.getCause()), false);
    }
  }

  /**
   * Counts and alerts one result. Only a critical failure goes to the rollback check: at the
   * threshold, or at once when it is an immediate trigger that has just started failing (one
   * request per incident, not one per round).
   */
  private void handle(CheckResult result, Severity severity, boolean immediateTrigger, boolean sampled) {
    String reason = null;
    String violation = null;
    synchronized (this) {
      if (sampled) {
        metrics.checked(result);
        history.add(result);
      }
      boolean critical = severity == Severity.CRITICAL;
      FailureTracker.Update update = tracker.record(result.name(), result.failed(), critical);
      if (result.failed()) {
        alerts.failed(result.name(), result.category(), severity, result.actual());
      } else {
        alerts.passed(result.name(), result.actual());
      }
      if (update.rollbackDue()) {
        reason = result.name() + " failed " + update.consecutiveFailures() + " consecutive times (threshold "
            + tracker.threshold() + "): " + result.actual();
      } else if (critical && immediateTrigger && update.transition() == FailureTracker.Transition.STARTED_FAILING) {
        violation = result.name() + " violated: " + result.actual();
      }
    }
    if (reason != null) {
      rollbacks.request(result.name(), result.category(), reason, List.copyOf(tracker.failing().keySet()));
    } else if (violation != null) {
      trigger(result.name(), result.category(), violation);
    }
  }

  private void onEvent(EngineEvent event) {
    String service = event.service();
    String source = "container " + service;
    if (service == null || !checks.containsKey(source)) {
      return;
    }
    String action = event.action();
    metrics.event(action);
    String exit = event.attributes().get("exitCode");
    events.add(new HealthReport.ContainerEvent(event.time(), service, action, exit == null ? "" : "exit code " + exit));
    if (action.equals("die")) {
      eventFailure(source, "died with exit code " + exit);
      crashLoop(service, event.time());
      soon();
    } else if (action.equals("oom")) {
      eventFailure(source, "killed: out of memory");
    } else if (action.startsWith("health_status") && action.contains("unhealthy")) {
      eventFailure(source, "health status unhealthy");
    } else if (action.equals("start")) {
      alerts.notify(Severity.INFO, Alert.Kind.NOTICE, source, Levels.SERVICE, "container started (engine event)");
      soon();
    }
  }

  /** A container event that is a failure of the container's check: critical, counted like a failed round. */
  private void eventFailure(String source, String actual) {
    handle(failure(source, Levels.SERVICE, actual + " (engine event)"), Severity.CRITICAL, false, false);
  }

  /** A service whose container keeps dying does not start: an immediate trigger, not a count. */
  private void crashLoop(String service, Instant time) {
    boolean looping;
    synchronized (deaths) {
      ArrayDeque<Instant> recent = deaths.computeIfAbsent(service, s -> new ArrayDeque<>());
      recent.addLast(time);
      while (recent.size() > settings.crashLoopDeaths()) {
        recent.removeFirst();
      }
      looping = recent.size() == settings.crashLoopDeaths()
          && !recent.getFirst().isBefore(time.minus(settings.crashLoopWindow()));
      if (looping) {
        recent.clear();
      }
    }
    if (looping) {
      trigger("container " + service, Levels.SERVICE, service + " died " + settings.crashLoopDeaths() + " times within "
          + settings.crashLoopWindow().toSeconds() + " s: it does not stay up");
    }
  }

  private CheckResult failure(String name, String level, String actual) {
    return new CheckResult(name, level, CheckResult.Verdict.FAIL, "", actual, Duration.ZERO, clock.instant());
  }

  private void soon() {
    try {
      scheduler.execute(() -> round(MonitoredCheck.Schedule.HEALTH));
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void streamReconnected() {
    metrics.streamReconnected();
    sink.progress("monitor", "engine event stream reconnected");
    soon(); // catch up on what happened while the stream was down
  }

  private void channelFailed(String message) {
    metrics.channelFailed();
    sink.warning("monitor", message);
  }

  private void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      sink.warning("monitor", what + " failed: " + e.getMessage());
    }
  }

  /** Stops watching; waits for the current rounds, and for a rollback request being decided. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (watcher != null) {
      watcher.close();
    }
    scheduler.shutdown();
    await(scheduler, settings.checkTimeout().plusSeconds(5));
    checkPool.shutdownNow();
    rollbacks.close();
    alerts.close();
  }

  private static void await(ExecutorService executor, Duration timeout) {
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
