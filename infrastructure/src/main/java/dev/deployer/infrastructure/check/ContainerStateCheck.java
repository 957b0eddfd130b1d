package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Passes when the service's container is running, not restarting, not unhealthy, and has not
 * restarted since the previous run of this check (a crash loop between two polls still shows).
 */
public final class ContainerStateCheck extends NamedCheck {

  private final ContainerEngine engine;
  private final Map<String, String> labels;
  private String lastContainerId;
  private int lastRestartCount = -1;

  public ContainerStateCheck(String name, String category, ContainerEngine engine, Map<String, String> labels) {
    super(name, category);
    this.engine = engine;
    this.labels = Map.copyOf(labels);
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
    if (containers.isEmpty()) {
      return CheckResult.fail(this, expected, "no container", since(start));
    }
    ContainerInfo container = containers.stream().filter(ContainerInfo::running).findFirst().orElse(containers.get(0));
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

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
