package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerStats;
import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.StackContainers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Passes when the running container of one service uses no more CPU and memory than the
 * thresholds allow. CPU is measured like {@code docker stats} and taken as a percentage of the
 * cores the container may use ({@code cpuCores}, its limit; 1 when unlimited), memory as a
 * percentage of the container's memory limit (the host's memory when it has none). A service
 * whose only running task is on another swarm node warns instead: that node's engine, which has
 * the stats, is not reachable through this one.
 */
public final class ResourceCheck extends NamedCheck {

  private final ContainerEngine engine;
  private final Map<String, String> labels;
  private final double maxCpuPercent;
  private final double maxMemoryPercent;
  private final double cpuCores;
  private final Supplier<Optional<SwarmTaskContainer>> elsewhere;

  public ResourceCheck(String name, String category, ContainerEngine engine, Map<String, String> labels,
      double maxCpuPercent, double maxMemoryPercent, double cpuCores) {
    this(name, category, engine, labels, maxCpuPercent, maxMemoryPercent, cpuCores, Optional::empty);
  }

  public ResourceCheck(String name, String category, ContainerEngine engine, Map<String, String> labels,
      double maxCpuPercent, double maxMemoryPercent, double cpuCores,
      Supplier<Optional<SwarmTaskContainer>> elsewhere) {
    super(name, category);
    this.elsewhere = elsewhere;
    this.engine = engine;
    this.labels = Map.copyOf(labels);
    this.maxCpuPercent = maxCpuPercent;
    this.maxMemoryPercent = maxMemoryPercent;
    this.cpuCores = cpuCores > 0 ? cpuCores : 1;
  }

  /** The check for one service of a stack, named "resources SERVICE". */
  public static ResourceCheck forService(ContainerEngine engine, StackContainers containers, String service,
      String category, double maxCpuPercent, double maxMemoryPercent, Double cpuLimit) {
    return new ResourceCheck("resources " + service, category, engine, containers.ofService().apply(service),
        maxCpuPercent, maxMemoryPercent, cpuLimit == null ? 1 : cpuLimit, () -> containers.elsewhere().apply(service));
  }

  @Override
  public CheckResult run() {
    String expected = String.format("CPU <= %.0f%% of %s core(s), memory <= %.0f%%", maxCpuPercent,
        trim(cpuCores), maxMemoryPercent);
    long start = System.nanoTime();
    try {
      Optional<ContainerInfo> container = engine.containers(labels).stream().filter(ContainerInfo::running).findFirst();
      if (container.isEmpty()) {
        Optional<SwarmTaskContainer> task = elsewhere.get();
        return task.isPresent()
            ? CheckResult.warn(this, expected, "task on node " + task.get().node()
                + ": its engine's stats are not reachable from the manager", since(start))
            : CheckResult.fail(this, expected, "no running container", since(start));
      }
      Optional<ContainerStats> sample = engine.stats(container.get().id());
      if (sample.isEmpty()) {
        return CheckResult.fail(this, expected, "no stats for " + container.get().name(), since(start));
      }
      ContainerStats stats = sample.get();
      double cpu = cpuPercent(stats);
      double memory = stats.memoryPercent();
      String actual = String.format("CPU %.1f%%, memory %.1f%% (%d MiB of %d MiB)", cpu, memory,
          stats.memoryBytes() >> 20, stats.memoryLimitBytes() >> 20);
      if (cpu > maxCpuPercent || memory > maxMemoryPercent) {
        String over = cpu > maxCpuPercent ? "CPU over " + trim(maxCpuPercent) + "%" : "memory over "
            + trim(maxMemoryPercent) + "%";
        return CheckResult.fail(this, expected, actual + ": " + over, since(start));
      }
      return CheckResult.pass(this, expected, actual, since(start));
    } catch (RuntimeException e) {
      return CheckResult.fail(this, expected, "cannot sample: " + e.getMessage(), since(start));
    }
  }

  /** CPU use as a percentage of what the container may use. */
  public double cpuPercent(ContainerStats stats) {
    return stats.cpuPercent() / cpuCores;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
