package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;

/** The arithmetic of `docker stats` on docker-java's raw sample. */
final class StatsSamples {

  private StatsSamples() {}

  static ContainerStats from(Statistics statistics) {
    return new ContainerStats(cpuPercent(statistics.getCpuStats(), statistics.getPreCpuStats()),
        memoryUsed(statistics.getMemoryStats()), memoryLimit(statistics.getMemoryStats()));
  }

  private static double cpuPercent(CpuStatsConfig now, CpuStatsConfig before) {
    if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null
        || now.getSystemCpuUsage() == null || before.getSystemCpuUsage() == null) {
      return 0;
    }
    double cpuDelta = value(now.getCpuUsage().getTotalUsage()) - value(before.getCpuUsage().getTotalUsage());
    double systemDelta = value(now.getSystemCpuUsage()) - value(before.getSystemCpuUsage());
    long cpus = now.getOnlineCpus() != null ? now.getOnlineCpus()
        : now.getCpuUsage().getPercpuUsage() == null ? 1 : now.getCpuUsage().getPercpuUsage().size();
    return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100.0 : 0;
  }

  /** Usage minus page cache, as `docker stats` shows it. */
  private static long memoryUsed(MemoryStatsConfig memory) {
    if (memory == null || memory.getUsage() == null) {
      return 0;
    }
    long cache = 0;
    if (memory.getStats() != null) {
      Long inactive = memory.getStats().getTotalInactiveFile();
      cache = inactive != null ? inactive : value(memory.getStats().getCache());
    }
    return Math.max(0, memory.getUsage() - cache);
  }

  private static long memoryLimit(MemoryStatsConfig memory) {
    return memory == null || memory.getLimit() == null ? 0 : memory.getLimit();
  }

  private static long value(Long number) {
    return number == null ? 0 : number;
  }
}
