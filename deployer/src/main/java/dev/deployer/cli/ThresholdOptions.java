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

  @Option(names = "--max-response-time", paramLabel = "DURATION", converter = Durations.Millis.class,
      description = "Slowest acceptable health answer and load-probe p95, e.g. 800ms or 1s; a bare number is"
          + " milliseconds (overrides the config).")
  Duration maxResponseTime;

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

  @Option(names = "--probe-seconds", paramLabel = "DURATION", converter = Durations.Seconds.class,
      description = "Longest the load probe may run, e.g. 10s; a bare number is seconds (default 5s).")
  Duration probeTime;

  @Option(names = "--probe-requests", paramLabel = "COUNT",
      description = "Most requests the load probe may send (default 200).")
  Integer probeRequests;

  ValidationOverrides overrides() {
    return new ValidationOverrides(
        maxResponseTime,
        minThroughput, tolerancePercent, maxCpuPercent, maxMemoryPercent, maxDiskPercent,
        baseline == null ? null : baseline.toAbsolutePath().normalize(),
        probeTime, probeRequests);
  }

  DeployRequest apply(DeployRequest request) {
    return request.withValidation(overrides());
  }
}
