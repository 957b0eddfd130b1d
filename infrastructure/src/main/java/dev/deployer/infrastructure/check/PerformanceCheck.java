package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.check.CheckResult.Verdict;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link LoadProbe} and judges it: FAIL when p95 latency is above the maximum response
 * time, throughput below the minimum, or more than {@value #MAX_ERROR_PERCENT}% of requests
 * failed; WARN when p95 or throughput is worse than the baseline by more than the tolerance
 * (measurements on a shared machine are noisy, so drift alone never fails a deploy).
 */
public final class PerformanceCheck extends NamedCheck {

  static final double MAX_ERROR_PERCENT = 5;
  /** Latency differences below this are noise, whatever the tolerance says. */
  static final double MIN_LATENCY_SLACK_MILLIS = 10;

  /** The baseline's measurement to compare with; null when there is none. */
  public record Reference(double p50Millis, double p95Millis, double p99Millis, double throughputPerSecond) {}

  private final LoadProbe probe;
  private final String url;
  private final Map<String, String> headers;
  private final Duration maxResponseTime;
  private final double minThroughput;
  private final Reference baseline;
  private final double tolerancePercent;
  private volatile LoadProbe.Result lastResult;

  public PerformanceCheck(String name, LoadProbe probe, String url, Map<String, String> headers,
      Duration maxResponseTime, double minThroughput, Reference baseline, double tolerancePercent) {
    super(name, "performance");
    this.probe = probe;
    this.url = url;
    this.headers = Map.copyOf(headers);
    this.maxResponseTime = maxResponseTime;
    this.minThroughput = minThroughput;
    this.baseline = baseline;
    this.tolerancePercent = tolerancePercent;
  }

  /** The measurement of the last run, or null before the first or when the probe could not run. */
  public LoadProbe.Result lastResult() {
    return lastResult;
  }

  @Override
  public CheckResult run() {
    String expected = "GET " + url + ": p95 <= " + maxResponseTime.toMillis() + " ms, >= " + trim(minThroughput)
        + " req/s, errors <= " + trim(MAX_ERROR_PERCENT) + "%" + (baseline == null ? ""
        : String.format("; within %s%% of baseline p95 %.0f ms, %.1f req/s", trim(tolerancePercent),
            baseline.p95Millis(), baseline.throughputPerSecond()));
    long start = System.nanoTime();
    LoadProbe.Result result;
    try {
      result = probe.run(url, headers);
    } catch (IllegalArgumentException e) {
      return result(Verdict.WARN, expected, "not measured: " + e.getMessage(), start);
    }
    lastResult = result;
    List<String> failures = new ArrayList<>();
    if (result.requests() == 0) {
      failures.add("no request completed");
    }
    if (result.p95Millis() > maxResponseTime.toMillis()) {
      failures.add("p95 above " + maxResponseTime.toMillis() + " ms");
    }
    if (result.throughputPerSecond() < minThroughput) {
      failures.add("throughput below " + trim(minThroughput) + " req/s");
    }
    if (result.errorRate() * 100 > MAX_ERROR_PERCENT) {
      failures.add(String.format("%.0f%% of requests failed", result.errorRate() * 100));
    }
    if (!failures.isEmpty()) {
      return result(Verdict.FAIL, expected, result.summary() + ": " + String.join(", ", failures) + hostLoad(), start);
    }
    List<String> drift = drift(result);
    if (!drift.isEmpty()) {
      return result(Verdict.WARN, expected, result.summary() + ": " + String.join(", ", drift) + hostLoad(), start);
    }
    return result(Verdict.PASS, expected, result.summary(), start);
  }

  private List<String> drift(LoadProbe.Result result) {
    List<String> drift = new ArrayList<>();
    if (baseline == null) {
      return drift;
    }
    double factor = tolerancePercent / 100;
    double slowest = Math.max(baseline.p95Millis() * (1 + factor), baseline.p95Millis() + MIN_LATENCY_SLACK_MILLIS);
    if (result.p95Millis() > slowest) {
      drift.add(String.format("p95 %.0f%% above baseline", 100 * (result.p95Millis() / baseline.p95Millis() - 1)));
    }
    if (result.throughputPerSecond() < baseline.throughputPerSecond() * (1 - factor)) {
      drift.add(String.format("throughput %.0f%% below baseline",
          100 * (1 - result.throughputPerSecond() / baseline.throughputPerSecond())));
    }
    return drift;
  }

  /** The load of the machine the probe ran on, so a reader can tell a slow release from a busy host. */
  private static String hostLoad() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int cpus = Runtime.getRuntime().availableProcessors();
    return load < 0 ? "" : String.format(" (load average here %.1f on %d CPUs)", load, cpus);
  }

  private CheckResult result(Verdict verdict, String expected, String actual, long start) {
    return new CheckResult(name(), category(), verdict, expected, actual, Duration.ofNanos(System.nanoTime() - start),
        Instant.now());
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
