package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmTask;
import dev.deployer.infrastructure.engine.SwarmEngine.UpdateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where one Swarm service stands: ready when its desired replicas run the current spec (a task
 * with a health check only counts as running once it is healthy) and no update is under way. A
 * global service desires one task on every node Swarm gave it one (the nodes its placement allows,
 * as {@code docker service ls} counts them), the nodes that are down left out.
 * {@code failedTasks} are the current template's tasks made since the moment asked about that
 * failed or were rejected.
 */
public record ServiceStatus(String service, State state, int desired, int running, String detail,
    List<SwarmTask> failedTasks) {

  /** Engines and toolkit clocks may differ a little; an update this close before "since" still counts. */
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

  public enum State {
    READY,
    PENDING,
    /** A task failed and no update is under way that Swarm could still roll back. */
    FAILED,
    /** Swarm rolled the update back (its {@code failure_action: rollback}). */
    ROLLED_BACK,
    /** Swarm paused the update (its {@code failure_action: pause}). */
    PAUSED;

    public boolean isFailure() {
      return this == FAILED || this == ROLLED_BACK || this == PAUSED;
    }
  }

  public ServiceStatus {
    failedTasks = List.copyOf(failedTasks);
  }

  public static ServiceStatus of(SwarmService service, List<SwarmTask> tasks, Instant since) {
    return of(service, tasks, since, Set.of());
  }

  /** As above; {@code downNodes} are the ids of nodes that are not ready (for a global service). */
  public static ServiceStatus of(SwarmService service, List<SwarmTask> tasks, Instant since, Set<String> downNodes) {
    int running = (int) tasks.stream().filter(t -> t.wanted() && t.running() && isCurrent(service, t)).count();
    int desired = service.global() ? globalDesired(tasks, downNodes) : service.replicas();
    // Only tasks of the current template: while a rollback replaces a crashing release, that
    // release's tasks go on failing, and they are what is being replaced, not a failure of it.
    // And only tasks made since: a node that rejoins reports the tasks it lost with it as failed
    // (exit 255) when it is back, and Swarm replaces them; a task that fails again is a new one.
    Instant from = since.minus(CLOCK_SLACK);
    List<SwarmTask> failed = tasks.stream()
        .filter(t -> t.failed() && isCurrent(service, t) && t.statusAt() != null && !t.statusAt().isBefore(from)
            && (t.createdAt() == null || !t.createdAt().isBefore(from)))
        .toList();
    String counts = running + "/" + desired + " running";
    UpdateStatus update = service.updateStatus();
    boolean recent = update != null
        && (update.startedAt() == null || !update.startedAt().isBefore(since.minus(CLOCK_SLACK)));
    if (recent && update.rolledBack()) {
      return new ServiceStatus(service.name(), State.ROLLED_BACK, desired, running,
          "Swarm rolled the update back: " + message(update) + "; " + counts, failed);
    }
    if (recent && update.paused()) {
      return new ServiceStatus(service.name(), State.PAUSED, desired, running,
          "Swarm paused the update: " + message(update) + "; " + counts, failed);
    }
    if (update != null && update.inProgress()) {
      return new ServiceStatus(service.name(), State.PENDING, desired, running,
          counts + ", " + update.state().replace('_', ' ') + (update.message() == null ? "" : ": " + update.message()),
          failed);
    }
    if (!failed.isEmpty()) {
      SwarmTask task = failed.get(0);
      return new ServiceStatus(service.name(), State.FAILED, desired, running,
          "task " + taskName(service, task) + " " + task.state() + ": " + reason(task) + "; " + counts, failed);
    }
    return new ServiceStatus(service.name(), running >= desired ? State.READY : State.PENDING, desired, running,
        counts, failed);
  }

  /** As {@link #of(SwarmService, List, Instant, Set)}, asking the engine for its down nodes when the service is global. */
  public static ServiceStatus of(SwarmEngine engine, SwarmService service, List<SwarmTask> tasks, Instant since) {
    Set<String> down = service.global()
        ? engine.nodes().stream().filter(SwarmEngine.SwarmNode::down).map(SwarmEngine.SwarmNode::id)
            .collect(Collectors.toSet())
        : Set.of();
    return of(service, tasks, since, down);
  }

  /**
   * One task per node that Swarm wants a task running on. Until Swarm has made the first, one: a
   * global service that was just created is not ready with nothing running.
   */
  private static int globalDesired(List<SwarmTask> tasks, Set<String> downNodes) {
    long nodes = tasks.stream().filter(SwarmTask::wanted).map(SwarmTask::nodeId).filter(Objects::nonNull)
        .filter(node -> !downNodes.contains(node)).distinct().count();
    return (int) Math.max(1, nodes);
  }

  /**
   * Whether the task was made from the service's current task template: by our fingerprint label,
   * or for a service without one, by its image.
   */
  public static boolean isCurrent(SwarmService service, SwarmTask task) {
    String fingerprint = service.label(SwarmLabels.TEMPLATE_HASH);
    if (fingerprint != null) {
      return fingerprint.equals(task.labels().get(SwarmLabels.TEMPLATE_HASH));
    }
    return service.image() != null && service.image().equals(task.image());
  }

  /** The task's name as {@code docker service ps} shows it: by slot, or for a global service's task by node. */
  public static String taskName(SwarmService service, SwarmTask task) {
    return service.name() + "." + (service.global() ? task.nodeId() : task.slot());
  }

  /** Why a task failed, in the engine's words. */
  public static String reason(SwarmTask task) {
    String reason = task.error() != null && !task.error().isBlank() ? task.error() : task.message();
    return (reason == null ? "no reason given" : reason)
        + (task.exitCode() != null && task.exitCode() != 0 ? " (exit code " + task.exitCode() + ")" : "");
  }

  private static String message(UpdateStatus update) {
    return update.message() == null || update.message().isBlank() ? "no reason given" : update.message();
  }
}
