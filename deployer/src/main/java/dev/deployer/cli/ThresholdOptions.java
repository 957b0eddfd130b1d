package dev.deployer.cli;

import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.ValidationOverrides;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Command-line overrides of the environment's validation thresholds and of the baseline to verify against. */
public final class ThresholdOptions {

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Baseline to verify against. Default: infrastructure/baseline/local.yaml next to compose.yaml.")
  Path baseline;

  @Option(names = "--max-response-time", paramLabel = "MILLIS",
      description = "Slowest acceptable health answer and load-probe p95, in ms (overrides the config).")
  Long maxResponseTimeMillis;

  @Option(names = "--min-throughput", paramLabel = "REQ_PER_S",
      description = "Lowest acceptable load-probe throughput, in requests per second (overrides the config).")
  Double minThroughput;

  @Option(names = "--tolerance", paramLabel = "PERCENT",
      description = "How much worse than the baseline latency and throughput may be before a warning (overrides the config).")
  Double tolerancePercent;

  @Option(names = "--max-cpu", paramLabel = "PERCENT", description = "CPU threshold per container (overrides the config).")
  Double maxCpuPercent;

  @Option(names = "--max-memory", paramLabel = "PERCENT",
      description = "Memory threshold per container (overrides the config).")
  Double maxMemoryPercent;

  @Option(names = "--max-disk", paramLabel = "PERCENT",
      description = "Disk threshold of the engine's data root (overrides the config).")
  Double maxDiskPercent;

  @Option(names = "--probe-seconds", paramLabel = "SECONDS",
      description = "Longest the load probe may run (default 5).")
  Integer probeSeconds;

  @Option(names = "--probe-requests", paramLabel = "COUNT",
      description = "Most requests the load probe may send (default 200).")
  Integer probeRequests;

  ValidationOverrides overrides() {
    return new ValidationOverrides(
        maxResponseTimeMillis == null ? null : Duration.ofMillis(maxResponseTimeMillis),
        minThroughput, tolerancePercent, maxCpuPercent, maxMemoryPercent, maxDiskPercent,
        baseline == null ? null : baseline.toAbsolutePath().normalize(),
        probeSeconds == null ? null : Duration.ofSeconds(probeSeconds), probeRequests);
  }

  DeployRequest apply(DeployRequest request) {
    return request.withValidation(overrides());
  }
}
