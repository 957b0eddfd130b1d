package dev.deployer.monitor;

import dev.deployer.rollback.RollbackRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Raises rollback requests: a critical alert at once, then the requester's decision on a thread
 * of its own (a rollback may take minutes; the checks keep running meanwhile), then an alert
 * saying what became of it.
 */
final class RollbackDispatcher implements AutoCloseable {

  private final MonitorSettings settings;
  private final RollbackRequester requester;
  private final AlertManager alerts;
  private final MonitorMetrics metrics;
  private final Clock clock;
  private final RingBuffer<HealthReport.RollbackRecord> records = new RingBuffer<>(50);
  private final AtomicInteger raised = new AtomicInteger();
  private final AtomicBoolean deciding = new AtomicBoolean();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "monitor-rollback");
    thread.setDaemon(true);
    return thread;
  });

  RollbackDispatcher(MonitorSettings settings, RollbackRequester requester, AlertManager alerts,
      MonitorMetrics metrics, Clock clock) {
    this.settings = settings;
    this.requester = requester;
    this.alerts = alerts;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Raises a request, unless one is still being decided: a rollback in progress replaces the
   * services, and their checks failing meanwhile are its own doing, not a new incident (a second
   * request would roll back the release just restored).
   */
  void request(String source, String level, String reason, List<String> failingChecks) {
    if (!deciding.compareAndSet(false, true)) {
      alerts.notify(Severity.INFO, Alert.Kind.NOTICE, source, level,
          "not requesting another rollback while one is being decided: " + reason);
      return;
    }
    String id = "rb-" + clock.instant().toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    RollbackRequest request = RollbackRequest.raised(id, clock.instant(), settings.environment(), settings.project(),
        source, reason, failingChecks, settings.requiresConfirmation());
    raised.incrementAndGet();
    alerts.notify(Severity.CRITICAL, Alert.Kind.ROLLBACK, source, level, "rollback requested (" + id + "): " + reason);
    try {
      executor.execute(() -> decide(request, level));
    } catch (RejectedExecutionException e) {
      decide(request, level);
    }
  }

  int raised() {
    return raised.get();
  }

  List<HealthReport.RollbackRecord> records() {
    return records.snapshot();
  }

  private void decide(RollbackRequest request, String level) {
    RollbackRequester.Decision decision;
    try {
      decision = requester.request(request);
    } catch (RuntimeException e) {
      decision = new RollbackRequester.Decision(RollbackRequester.Status.FAILED, "rollback request failed: " + e.getMessage());
    } finally {
      deciding.set(false);
    }
    records.add(new HealthReport.RollbackRecord(request, decision.status().name().toLowerCase(), decision.detail()));
    metrics.rollbackRequested(decision.status());
    alerts.notify(decision.status() == RollbackRequester.Status.FAILED ? Severity.CRITICAL : Severity.WARNING,
        Alert.Kind.ROLLBACK, request.trigger(), level, "rollback " + request.id() + " "
            + decision.status().name().toLowerCase().replace('_', ' ') + ": " + decision.detail());
  }

  /** Waits for a request being decided (a running rollback), up to {@code timeout}. */
  void close(Duration timeout) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofMinutes(15));
  }
}
