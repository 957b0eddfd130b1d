package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.StackContainers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Passes when the service's container is running, not restarting, not unhealthy, and has not
 * restarted since the previous run of this check (a crash loop between two polls still shows).
 * A service with no running container on this engine but a running task on another swarm node
 * passes on Swarm's task state: Swarm marks a task running only once its health check (if any)
 * has passed, and replaces one that turns unhealthy, so a running task is a healthy one.
 */
public final class ContainerStateCheck extends NamedCheck {

  private final ContainerEngine engine;
  private final Map<String, String> labels;
  private final Supplier<Optional<SwarmTaskContainer>> elsewhere;
  private String lastContainerId;
  private int lastRestartCount = -1;

  public ContainerStateCheck(String name, String category, ContainerEngine engine, Map<String, String> labels) {
    this(name, category, engine, labels, Optional::empty);
  }

  public ContainerStateCheck(String name, String category, ContainerEngine engine, Map<String, String> labels,
      Supplier<Optional<SwarmTaskContainer>> elsewhere) {
    super(name, category);
    this.engine = engine;
    this.labels = Map.copyOf(labels);
    this.elsewhere = elsewhere;
  }

  /** The check for one service of a stack, named "container SERVICE", its tasks on other nodes included. */
  public static ContainerStateCheck forService(ContainerEngine engine, StackContainers containers, String service,
      String category) {
    return new ContainerStateCheck("container " + service, category, engine, containers.ofService().apply(service),
        () -> containers.elsewhere().apply(service));
  }

  public static ContainerStateCheck forService(ContainerEngine engine, String project, String service,
      String category) {
    return new ContainerStateCheck("container " + service, category, engine, ComposeLabels.service(project, service));
  }

  @Override
  public synchronized CheckResult run() {
    String expected = "running, not restarting, not unhealthy";
    long start = System.nanoTime();
    List<ContainerInfo> containers;
    try {
      containers = engine.containers(labels);
    } catch (RuntimeException e) {
      return CheckResult.fail(this, expected, "cannot inspect: " + e.getMessage(), since(start));
    }
    Optional<ContainerInfo> running = containers.stream().filter(ContainerInfo::running).findFirst();
    if (running.isEmpty()) {
      // An exited container left here by an older task says nothing while a task runs on another node.
      Optional<SwarmTaskContainer> task;
      try {
        task = elsewhere.get();
      } catch (RuntimeException e) {
        return CheckResult.fail(this, expected, "cannot inspect the swarm's tasks: " + e.getMessage(), since(start));
      }
      if (task.isPresent()) {
        return CheckResult.pass(this, expected, "task " + shortId(task.get().taskId()) + " running on node "
            + task.get().node() + " (Swarm's task state)", since(start));
      }
    }
    if (containers.isEmpty()) {
      return CheckResult.fail(this, expected, "no container", since(start));
    }
    ContainerInfo container = running.orElse(containers.get(0));
    boolean restarted = container.id().equals(lastContainerId) && container.restartCount() > lastRestartCount;
    int restartsSince = container.restartCount() - lastRestartCount;
    lastContainerId = container.id();
    lastRestartCount = container.restartCount();
    String actual = describe(container);
    if (!container.running()) {
      return CheckResult.fail(this, expected, actual, since(start));
    }
    if ("unhealthy".equals(container.health())) {
      return CheckResult.fail(this, expected, actual, since(start));
    }
    if (restarted) {
      return CheckResult.fail(this, expected, actual + ", restarted " + restartsSince + " time(s) since the last check",
          since(start));
    }
    return CheckResult.pass(this, expected, actual, since(start));
  }

  private static String describe(ContainerInfo container) {
    StringBuilder text = new StringBuilder(container.name()).append(' ').append(container.state());
    if (container.health() != null) {
      text.append(" (").append(container.health()).append(')');
    }
    if (!container.running()) {
      text.append(", exit code ").append(container.exitCode());
      if (container.oomKilled()) {
        text.append(", OOM killed");
      }
    }
    if (container.restartCount() > 0) {
      text.append(", ").append(container.restartCount()).append(" restart(s)");
    }
    return text.toString();
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
