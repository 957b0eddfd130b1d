package dev.deployer.infrastructure.engine;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Swarm service's tasks are given beyond image, command, environment, mounts, limits and
 * health: the container's {@code hostname}, {@code user}, working directory, stop signal, read-only
 * root, init, terminal and standard input, {@code hosts} entries as the engine takes them ({@code
 * IP HOST}), DNS servers, search domains and options, the log driver (null: the engine's default),
 * the restart policy's delay, attempts (null: no limit) and window, and the CPU and memory the
 * scheduler reserves. A null or empty field leaves the engine's default.
 */
public record SwarmTaskOptions(
    String hostname,
    String user,
    String workingDir,
    String stopSignal,
    boolean readOnly,
    Boolean init,
    boolean tty,
    boolean openStdin,
    List<String> hosts,
    List<String> dns,
    List<String> dnsSearch,
    List<String> dnsOptions,
    LogDriver logDriver,
    Duration restartDelay,
    Integer restartAttempts,
    Duration restartWindow,
    Double cpuReservation,
    Long memoryReservation) {

  public static final SwarmTaskOptions NONE = new SwarmTaskOptions(null, null, null, null, false, null, false, false,
      null, null, null, null, null, null, null, null, null, null);

  public SwarmTaskOptions {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
  }

  /** A log driver by name (null: the engine's default driver) with its options. */
  public record LogDriver(String name, Map<String, String> options) {

    public LogDriver {
      options = Collections.unmodifiableMap(new TreeMap<>(options == null ? Map.of() : options));
    }
  }
}
