package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.check.CheckResult.Verdict;
import dev.deployer.infrastructure.config.ProbeSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link LoadProbe} and judges it, route by route: FAIL when a route's p95 latency is above
 * the maximum response time or more than {@value #MAX_ERROR_PERCENT}% of its requests failed, or
 * the throughput over all routes is below the minimum (each failure names its route); WARN when a
 * route's p95 or throughput is worse than the same route's in the baseline by more than the
 * tolerance (measurements on a shared machine are noisy, so drift alone never fails a deploy), or
 * when the probe could not delete what it created.
 */
public final class PerformanceCheck extends NamedCheck {

  static final double MAX_ERROR_PERCENT = 5;
  /** Latency differences below this are noise, whatever the tolerance says. */
  static final double MIN_LATENCY_SLACK_MILLIS = 10;

  /**
   * The baseline's measurement to compare with (null when there is none): over all routes, and per
   * route by name (empty: a single-URL probe, compared over all).
   */
  public record Reference(double p50Millis, double p95Millis, double p99Millis, double throughputPerSecond,
      Map<String, Reference> routes) {

    public Reference {
      routes = Map.copyOf(routes);
    }

    public Reference(double p50Millis, double p95Millis, double p99Millis, double throughputPerSecond) {
      this(p50Millis, p95Millis, p99Millis, throughputPerSecond, Map.of());
    }
  }

  private final LoadProbe probe;
  private final String url;
  private final ProbeSettings.Performance mix;
  private final Map<String, String> headers;
  private final Duration maxResponseTime;
  private final double minThroughput;
  private final Reference baseline;
  private final double tolerancePercent;
  private volatile LoadProbe.Result lastResult;

  /** A probe of GETs to one URL. */
  public PerformanceCheck(String name, LoadProbe probe, String url, Map<String, String> headers,
      Duration maxResponseTime, double minThroughput, Reference baseline, double tolerancePercent) {
    this(name, probe, url, null, headers, maxResponseTime, minThroughput, baseline, tolerancePercent);
  }

  /** A probe of {@code mix}'s routes on the service at {@code baseUrl}. */
  public PerformanceCheck(String name, LoadProbe probe, String baseUrl, ProbeSettings.Performance mix,
      Map<String, String> headers, Duration maxResponseTime, double minThroughput, Reference baseline,
      double tolerancePercent) {
    super(name, "performance");
    this.probe = probe;
    this.url = baseUrl;
    this.mix = mix;
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
    String target = mix == null ? "GET " + url : mix.routes().size() + " routes of " + url + " at "
        + trim(mix.rate()) + " req/s";
    String expected = target + ": p95 <= " + maxResponseTime.toMillis() + " ms and errors <= "
        + trim(MAX_ERROR_PERCENT) + "% per route, >= " + trim(minThroughput) + " req/s" + (baseline == null ? ""
        : String.format("; within %s%% of baseline p95 %.0f ms, %.1f req/s", trim(tolerancePercent),
            baseline.p95Millis(), baseline.throughputPerSecond()));
    long start = System.nanoTime();
    LoadProbe.Result result;
    try {
      result = mix == null ? probe.run(url, headers) : probe.run(url, mix, headers);
    } catch (IllegalArgumentException e) {
      return result(Verdict.WARN, expected, "not measured: " + e.getMessage(), start);
    }
    lastResult = result;
    boolean single = result.routes().size() == 1;
    List<String> failures = new ArrayList<>();
    if (result.requests() == 0) {
      failures.add("no request completed" + result.routes().stream().map(LoadProbe.RouteResult::firstError)
          .filter(e -> e != null).findFirst().map(e -> " (" + e + ")").orElse(""));
    }
    for (LoadProbe.RouteResult route : result.routes()) {
      String which = single ? "" : "route '" + route.name() + "' ";
      if (route.p95Millis() > maxResponseTime.toMillis()) {
        failures.add(which + (single ? "p95 above " + maxResponseTime.toMillis() + " ms"
            : String.format("p95 %.0f ms above %d ms", route.p95Millis(), maxResponseTime.toMillis())));
      }
      if (result.requests() > 0 && route.errorRate() * 100 > MAX_ERROR_PERCENT) {
        failures.add(which + String.format("%.0f%% of requests failed", route.errorRate() * 100)
            + (route.firstError() == null ? "" : " (first: " + route.firstError() + ")"));
      }
    }
    if (result.throughputPerSecond() < minThroughput) {
      failures.add("throughput below " + trim(minThroughput) + " req/s");
    }
    String actual = result.summary() + (single ? "" : "; " + String.join("; ", result.routes().stream()
        .map(LoadProbe.RouteResult::summary).toList()));
    if (!failures.isEmpty()) {
      return result(Verdict.FAIL, expected, actual + ": " + String.join(", ", failures) + hostLoad(), start);
    }
    List<String> warnings = drift(result);
    if (!result.leftovers().isEmpty()) {
      warnings.add("could not delete what the probe created: " + String.join(", ", result.leftovers()));
    }
    if (!warnings.isEmpty()) {
      return result(Verdict.WARN, expected, actual + ": " + String.join(", ", warnings) + hostLoad(), start);
    }
    return result(Verdict.PASS, expected, actual, start);
  }

  private List<String> drift(LoadProbe.Result result) {
    List<String> drift = new ArrayList<>();
    if (baseline == null) {
      return drift;
    }
    if (baseline.routes().isEmpty()) {
      drift(drift, "", baseline, result.p95Millis(), result.throughputPerSecond());
      return drift;
    }
    for (LoadProbe.RouteResult route : result.routes()) {
      Reference reference = baseline.routes().get(route.name());
      if (reference != null) {
        drift(drift, "route '" + route.name() + "' ", reference, route.p95Millis(), route.throughputPerSecond());
      }
    }
    return drift;
  }

  private void drift(List<String> drift, String which, Reference reference, double p95, double throughput) {
    double factor = tolerancePercent / 100;
    double slowest = Math.max(reference.p95Millis() * (1 + factor), reference.p95Millis() + MIN_LATENCY_SLACK_MILLIS);
    if (p95 > slowest) {
      drift.add(which + String.format("p95 %.0f%% above baseline", 100 * (p95 / reference.p95Millis() - 1)));
    }
    if (throughput < reference.throughputPerSecond() * (1 - factor)) {
      drift.add(which + String.format("throughput %.0f%% below baseline",
          100 * (1 - throughput / reference.throughputPerSecond())));
    }
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
