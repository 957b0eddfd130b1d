package dev.deployer.infrastructure.engine;

/** One sample of a container's resource use; CPU in percent of one core times the cores it may use. */
public record ContainerStats(double cpuPercent, long memoryBytes, long memoryLimitBytes) {

  public double memoryPercent() {
    return memoryLimitBytes <= 0 ? 0 : 100.0 * memoryBytes / memoryLimitBytes;
  }
}
