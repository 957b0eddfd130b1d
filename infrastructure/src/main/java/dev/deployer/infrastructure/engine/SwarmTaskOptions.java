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
 * the restart policy's delay, attempts (null: no limit) and window, the CPU and memory the
 * scheduler reserves, what the kernel grants and limits ({@link Kernel}), the discrete generic
 * resources (such as {@code gpu}) a node must advertise for a task, and the platform a node must
 * have (null: any). A null or empty field leaves the engine's default.
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
    Long memoryReservation,
    Kernel kernel,
    List<GenericResource> genericResources,
    Platform platform) {

  public static final SwarmTaskOptions NONE = new SwarmTaskOptions(null, null, null, null, false, null, false, false,
      null, null, null, null, null, null, null, null, null, null, null, null, null);

  public SwarmTaskOptions {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
    kernel = kernel == null ? Kernel.NONE : kernel;
    genericResources = genericResources == null ? List.of() : List.copyOf(genericResources);
  }

  /**
   * Capabilities added and dropped (normalised as {@code CAP_X} or {@code ALL}), sysctls, ulimits,
   * the limit of processes (null: the engine's) and supplementary groups of a task's container.
   */
  public record Kernel(List<String> capAdd, List<String> capDrop, Map<String, String> sysctls,
      List<ContainerSpec.Ulimit> ulimits, Long pidsLimit, List<String> groups) {

    public static final Kernel NONE = new Kernel(null, null, null, null, null, null);

    public Kernel {
      capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
      capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
      sysctls = Collections.unmodifiableMap(new TreeMap<>(sysctls == null ? Map.of() : sysctls));
      ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }

  /** A discrete generic resource a task reserves: {@code value} of {@code kind} ({@code gpu}). */
  public record GenericResource(String kind, long value) {}

  /** The OS and architecture (as an image names them: {@code linux}, {@code amd64}) of the nodes a task may run on. */
  public record Platform(String os, String architecture) {}

  /** A log driver by name (null: the engine's default driver) with its options. */
  public record LogDriver(String name, Map<String, String> options) {

    public LogDriver {
      options = Collections.unmodifiableMap(new TreeMap<>(options == null ? Map.of() : options));
    }
  }
}
