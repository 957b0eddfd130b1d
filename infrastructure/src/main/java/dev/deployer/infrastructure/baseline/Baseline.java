package dev.deployer.infrastructure.baseline;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The known-good state of a stack, captured from a verified deployment (normally local) and
 * committed for review: per service its image's configuration, ports, health answers, resource
 * use and security settings, plus one load probe's latency and throughput per route. Other environments
 * are compared with it through their own ports and thresholds. {@code performance} may be null.
 */
public record Baseline(int version, Captured captured, Map<String, ServiceBaseline> services, Performance performance) {

  public static final int VERSION = 1;

  public Baseline {
    Objects.requireNonNull(captured, "captured");
    services = Collections.unmodifiableMap(new TreeMap<>(services));
  }

  /** Where and when it was captured. */
  public record Captured(String environment, String project, String time, String release) {}

  /**
   * One service. {@code image} is null when the service's image was not inspected (a baseline
   * derived from the Compose file rather than captured).
   */
  public record ServiceBaseline(
      ImageBaseline image,
      List<String> healthcheck,
      List<Port> ports,
      List<Health> health,
      Resources resources,
      Security security) {

    public ServiceBaseline {
      healthcheck = healthcheck == null ? null : List.copyOf(healthcheck);
      ports = List.copyOf(ports);
      health = List.copyOf(health);
    }
  }

  /** The image's own configuration; {@code reference} and {@code id} are informative, not compared. */
  public record ImageBaseline(String reference, String id, String user, List<String> entrypoint,
      List<String> exposedPorts) {

    public ImageBaseline {
      entrypoint = List.copyOf(entrypoint);
      exposedPorts = List.copyOf(exposedPorts);
    }
  }

  /** A published port: container port and protocol on host address and port. */
  public record Port(int container, String protocol, String hostIp, int published) {}

  /** A health endpoint's expected answer: HTTP status, the body's status and its components. */
  public record Health(String path, int status, String bodyStatus, List<String> components) {
    public Health {
      components = List.copyOf(components);
    }
  }

  /** Resource use when captured; informative, thresholds decide (limits are under security). */
  public record Resources(double cpuPercent, long memoryMib) {}

  /** Security-relevant settings; limits 0 mean none. */
  public record Security(String user, boolean runsAsRoot, boolean privileged, boolean dockerSocket, double cpuLimit,
      long memoryLimitMib) {}

  /**
   * One load probe against {@code service}: over all its routes, and per route ({@code routes}
   * empty: an older baseline's probe of the single URL {@code path}); latencies in milliseconds.
   * {@code rate} is the paced rate in requests per second (0: as fast as the workers went).
   */
  public record Performance(String service, String path, int concurrency, int requests, int errors, double p50Millis,
      double p95Millis, double p99Millis, double throughputPerSecond, double rate, List<Route> routes) {

    public Performance {
      routes = List.copyOf(routes);
    }

    public Performance(String service, String path, int concurrency, int requests, int errors, double p50Millis,
        double p95Millis, double p99Millis, double throughputPerSecond) {
      this(service, path, concurrency, requests, errors, p50Millis, p95Millis, p99Millis, throughputPerSecond, 0,
          List.of());
    }
  }

  /** One route of the load probe, by its name in the config. */
  public record Route(String name, String method, String path, int requests, int errors, double p50Millis,
      double p95Millis, double p99Millis, double throughputPerSecond) {}
}
