package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.DependsOn;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.event.EventSink;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a container to reach a Compose condition. A container that exits or restarts while
 * it should become healthy fails the wait at once, with its last log lines; only a one-shot
 * service (a job that runs to completion) may exit, and then only with code 0.
 *
 * <p>The container is looked at again as soon as the engine reports an event for it (start, die,
 * health status), and at the latest after {@link #POLL}; a readiness probe is asked every
 * {@link #PROBE_POLL}. Should the event stream fail, the wait goes on by polling alone.
 *
 * <p>While a container is not ready, a progress event says so every {@link #PROGRESS_EVERY}
 * (state, health, time waited); when it restarts, its last log lines go out as detail events at once.
 */
final class ServiceWaiter {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PROBE_POLL = Duration.ofMillis(100);
  private static final int LOG_LINES = 30;
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final ContainerEngine engine;
  private final EventSink events;
  private final String step;
  private final Duration progressEvery;

  ServiceWaiter(ContainerEngine engine) {
    this(engine, EventSink.NONE, "wait");
  }

  /** {@code events}, {@code step}: where the progress of a long wait goes, and under which step's name. */
  ServiceWaiter(ContainerEngine engine, EventSink events, String step) {
    this(engine, events, step, PROGRESS_EVERY);
  }

  ServiceWaiter(ContainerEngine engine, EventSink events, String step, Duration progressEvery) {
    this.engine = engine;
    this.events = events;
    this.step = step;
    this.progressEvery = progressEvery;
  }

  ContainerInfo await(String service, String containerId, DependsOn.Condition condition, Duration timeout)
      throws PipelineException {
    return await(service, containerId, condition, false, null, timeout);
  }

  /**
   * Running and healthy, or, for a service whose container may run to completion (restart "no" or
   * "on-failure", which the engine does not restart after exit 0), exited with code 0.
   */
  ContainerInfo awaitHealthyOrCompleted(String service, String containerId, Duration timeout)
      throws PipelineException {
    return await(service, containerId, DependsOn.Condition.SERVICE_HEALTHY, true, null, timeout);
  }

  /**
   * Healthy by the engine, or, while the engine's health check still says "starting", ready by
   * {@code probe} (the service's own readiness endpoint answering 200, see {@link ReadinessProbe}).
   * A restart, an exit or an unhealthy status still fails the wait at once.
   */
  ContainerInfo awaitReady(String service, String containerId, BooleanSupplier probe, Duration timeout)
      throws PipelineException {
    return await(service, containerId, DependsOn.Condition.SERVICE_HEALTHY, false, probe, timeout);
  }

  /** True when the container ran to its end with exit code 0. */
  static boolean completed(ContainerInfo container) {
    return "exited".equals(container.state()) && container.exitCode() == 0;
  }

  private ContainerInfo await(String service, String containerId, DependsOn.Condition condition,
      boolean mayComplete, BooleanSupplier probe, Duration timeout) throws PipelineException {
    Semaphore changed = new Semaphore(0);
    Closeable events = engine.events(Map.of(), event -> {
      if (containerId.equals(event.containerId())) {
        changed.release();
      }
    }, error -> { });
    try {
      return await(service, containerId, condition, mayComplete, probe, timeout, changed);
    } finally {
      try {
        events.close();
      } catch (IOException e) {
        // the stream is gone either way
      }
    }
  }

  private ContainerInfo await(String service, String containerId, DependsOn.Condition condition,
      boolean mayComplete, BooleanSupplier probe, Duration timeout, Semaphore changed) throws PipelineException {
    Instant started = Instant.now();
    Instant deadline = started.plus(timeout);
    Instant nextProgress = started.plus(progressEvery);
    Integer restartsAtStart = null;
    while (true) {
      Optional<ContainerInfo> found = engine.container(containerId);
      if (found.isEmpty()) {
        throw failure(service, containerId, "its container " + containerId + " disappeared");
      }
      ContainerInfo container = found.get();
      if (restartsAtStart == null) {
        restartsAtStart = container.restartCount();
      }
      switch (condition) {
        case SERVICE_COMPLETED_SUCCESSFULLY -> {
          if (!container.running() && !"created".equals(container.state())) {
            if (container.exitCode() == 0) {
              return container;
            }
            throw failure(service, containerId, "it exited with code " + container.exitCode());
          }
        }
        case SERVICE_STARTED -> {
          // A job that already ran to its end was started; whether it may stay exited is the final wait's question.
          if (container.running() || completed(container)) {
            return container;
          }
          failIfDead(service, container);
        }
        case SERVICE_HEALTHY -> {
          if (mayComplete && completed(container)) {
            return container;
          }
          failIfDead(service, container);
          if (container.restartCount() > restartsAtStart) {
            throw failure(service, containerId, "it restarted (" + container.restartCount() + " restarts)", true);
          }
          if ("unhealthy".equals(container.health())) {
            throw failure(service, containerId, "its health check reports unhealthy");
          }
          if (container.healthy()) {
            return container;
          }
          if (probe != null && container.running() && "starting".equals(container.health()) && probe.getAsBoolean()) {
            return container;
          }
        }
      }
      Instant now = Instant.now();
      if (!now.isBefore(nextProgress)) {
        events.progress(step, service + " not ready yet: state " + container.state()
            + (container.health() == null ? "" : ", health " + container.health()) + ", "
            + Duration.between(started, now).toSeconds() + " s of " + timeout.toSeconds() + " s");
        nextProgress = now.plus(progressEvery);
      }
      if (now.isAfter(deadline)) {
        throw failure(service, containerId, "it did not become " + describe(condition) + " within "
            + timeout.toSeconds() + " s (state " + container.state()
            + (container.health() == null ? "" : ", health " + container.health()) + ")");
      }
      try {
        changed.tryAcquire((probe == null ? POLL : PROBE_POLL).toMillis(), TimeUnit.MILLISECONDS);
        changed.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "interrupted while waiting for " + service, e);
      }
    }
  }

  private void failIfDead(String service, ContainerInfo container) throws PipelineException {
    if ("exited".equals(container.state()) || "dead".equals(container.state())) {
      throw failure(service, container.id(), "it exited with code " + container.exitCode()
          + (container.oomKilled() ? " (killed: out of memory)" : ""));
    }
    if ("restarting".equals(container.state())) {
      throw failure(service, container.id(), "it keeps restarting (exit code " + container.exitCode() + ")", true);
    }
  }

  private PipelineException failure(String service, String containerId, String reason) {
    return failure(service, containerId, reason, false);
  }

  /** {@code restarted}: the logs go out at once as detail events too, before the run's summary. */
  private PipelineException failure(String service, String containerId, String reason, boolean restarted) {
    List<String> details = new ArrayList<>();
    List<String> logs = engine.logs(containerId, LOG_LINES);
    if (restarted) {
      events.detail(step, service + " restarted; its last " + logs.size() + " log lines:");
      logs.forEach(line -> events.detail(step, "  | " + line));
    }
    if (!logs.isEmpty()) {
      details.add("last " + logs.size() + " log lines of " + service + ":");
      logs.forEach(line -> details.add("  " + line));
    }
    return new PipelineException(PipelineException.Kind.VERIFICATION_FAILED,
        "service " + service + " failed: " + reason, List.of(), details, null);
  }

  private static String describe(DependsOn.Condition condition) {
    return switch (condition) {
      case SERVICE_STARTED -> "running";
      case SERVICE_HEALTHY -> "healthy";
      case SERVICE_COMPLETED_SUCCESSFULLY -> "completed";
    };
  }
}
