package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmTask;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.swarm.ServiceStatus;
import dev.deployer.pipeline.PipelineException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits for Swarm services to be ready: their desired replicas running the current spec and
 * passing their health checks. A failed task, or an update Swarm rolled back or paused, fails
 * the wait at once, with the task's error and its last log lines.
 */
final class SwarmServiceWaiter {

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final int LOG_LINES = 30;
  private static final int TASKS_REPORTED = 3;

  private final SwarmEngine swarm;
  private final ContainerEngine containers;
  private final EventSink events;
  private final String step;

  SwarmServiceWaiter(SwarmEngine swarm, ContainerEngine containers, EventSink events, String step) {
    this.swarm = swarm;
    this.containers = containers;
    this.events = events;
    this.step = step;
  }

  /**
   * How long a service may take: {@code perRound} for each batch a rolling update replaces
   * ({@code parallelism} tasks at a time, null meaning 1 and 0 meaning all).
   */
  static Duration timeout(Duration perRound, int replicas, Integer parallelism) {
    int batch = parallelism == null ? 1 : parallelism;
    int rounds = batch <= 0 ? 1 : Math.max(1, (replicas + batch - 1) / batch);
    return perRound.multipliedBy(rounds);
  }

  /** Waits until every one of {@code services} is ready; tasks that failed before {@code since} are history. */
  void await(List<String> services, Instant since, Duration timeout) throws PipelineException {
    Instant deadline = Instant.now().plus(timeout);
    Map<String, String> reported = new HashMap<>();
    while (true) {
      List<ServiceStatus> waiting = new ArrayList<>();
      for (String name : services) {
        SwarmService service = swarm.service(name).orElseThrow(() -> new PipelineException(
            PipelineException.Kind.VERIFICATION_FAILED, "service " + name + " does not exist"));
        List<SwarmTask> tasks = swarm.tasks(service.id());
        ServiceStatus status = ServiceStatus.of(swarm, service, tasks, since);
        if (!status.detail().equals(reported.put(name, status.detail()))) {
          events.progress(step, name + ": " + status.detail());
        }
        if (status.state().isFailure()) {
          throw failure(service, tasks, status, "service " + name + " failed: " + status.detail());
        }
        if (status.state() != ServiceStatus.State.READY) {
          waiting.add(status);
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        ServiceStatus first = waiting.get(0);
        SwarmService service = swarm.service(first.service()).orElseThrow();
        throw failure(service, swarm.tasks(service.id()), first, "service " + first.service()
            + " was not ready within " + timeout.toSeconds() + " s: " + first.detail());
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "interrupted while waiting for " + services, e);
      }
    }
  }

  /** The failure with the failed tasks, or else the tasks that are not running yet, and their last log lines. */
  private PipelineException failure(SwarmService service, List<SwarmTask> tasks, ServiceStatus status, String message) {
    List<SwarmTask> reportedTasks = !status.failedTasks().isEmpty() ? status.failedTasks()
        : tasks.stream().filter(t -> t.wanted() && !t.running()).toList();
    List<String> details = new ArrayList<>();
    for (SwarmTask task : reportedTasks.subList(0, Math.min(TASKS_REPORTED, reportedTasks.size()))) {
      details.add("task " + ServiceStatus.taskName(service, task) + " (" + task.id() + ") " + task.state() + ": "
          + ServiceStatus.reason(task));
      List<String> logs = logs(task);
      if (!logs.isEmpty()) {
        details.add("last " + logs.size() + " log lines of " + ServiceStatus.taskName(service, task) + ":");
        logs.forEach(line -> details.add("  " + line));
      }
    }
    return new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, message, List.of(), details, null);
  }

  /** The task's log through the swarm (any node), else through its container on this engine. */
  private List<String> logs(SwarmTask task) {
    try {
      List<String> lines = swarm.taskLogs(task.id(), LOG_LINES);
      if (!lines.isEmpty()) {
        return lines;
      }
    } catch (RuntimeException e) {
      // fall back to the container, which is on this node when the swarm has one
    }
    return Optional.ofNullable(task.containerId()).map(id -> containers.logs(id, LOG_LINES)).orElse(List.of());
  }
}
