package dev.deployer.infrastructure.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to create: an engine-neutral description of one container. The first of {@code networks}
 * is the one it is created on (its network mode); it joins the others before it starts.
 */
public record ContainerSpec(
    String name,
    String image,
    List<String> entrypoint,
    List<String> command,
    Map<String, String> environment,
    Map<String, String> labels,
    List<PortBinding> ports,
    List<Mount> mounts,
    List<Network> networks,
    Health health,
    String restartPolicy,
    Double cpus,
    Long memoryBytes,
    Options options,
    List<File> files) {

  public ContainerSpec(String name, String image, List<String> entrypoint, List<String> command,
      Map<String, String> environment, Map<String, String> labels, List<PortBinding> ports, List<Mount> mounts,
      List<Network> networks, Health health, String restartPolicy, Double cpus, Long memoryBytes) {
    this(name, image, entrypoint, command, environment, labels, ports, mounts, networks, health, restartPolicy, cpus,
        memoryBytes, Options.NONE);
  }

  public ContainerSpec(String name, String image, List<String> entrypoint, List<String> command,
      Map<String, String> environment, Map<String, String> labels, List<PortBinding> ports, List<Mount> mounts,
      List<Network> networks, Health health, String restartPolicy, Double cpus, Long memoryBytes, Options options) {
    this(name, image, entrypoint, command, environment, labels, ports, mounts, networks, health, restartPolicy, cpus,
        memoryBytes, options, List.of());
  }

  public ContainerSpec {
    entrypoint = List.copyOf(entrypoint);
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    labels = Map.copyOf(labels);
    ports = List.copyOf(ports);
    mounts = List.copyOf(mounts);
    networks = List.copyOf(networks);
    options = options == null ? Options.NONE : options;
    files = files == null ? List.of() : List.copyOf(files);
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("container " + name + " needs a network (or \"none\")");
    }
  }

  /**
   * The same container under another name, with more labels and only {@code ports} bound (a
   * blue/green color: the edge in front of it holds the host ports).
   */
  public ContainerSpec renamed(String newName, Map<String, String> moreLabels, List<PortBinding> newPorts) {
    Map<String, String> merged = new java.util.TreeMap<>(labels);
    merged.putAll(moreLabels);
    return new ContainerSpec(newName, image, entrypoint, command, environment, merged, newPorts, mounts, networks,
        health, restartPolicy, cpus, memoryBytes, options, files);
  }

  /**
   * A file put into the container after it is created and before it starts (a secret or config
   * from an environment variable or inline content): its absolute path, content, owner (null: root)
   * and octal mode. {@link #toString()} leaves the content out.
   */
  public record File(String path, String content, Integer uid, Integer gid, int mode) {

    @Override
    public String toString() {
      return "File[path=" + path + ", uid=" + uid + ", gid=" + gid + ", mode=" + Integer.toOctalString(mode) + "]";
    }
  }

  /** A port as the engine reports it bound: {@code hostPort} 0 when only exposed. */
  public record PublishedPort(String hostIp, int hostPort, int containerPort, String protocol) {}

  /**
   * A port to bind: {@code hostPorts} is "" (exposed only, or an ephemeral host port), one port,
   * or a range {@code 8000-8002} from which the engine picks a free one.
   */
  public record PortBinding(String hostIp, String hostPorts, int containerPort, String protocol) {

    public PortBinding {
      hostIp = hostIp == null ? "" : hostIp;
      hostPorts = hostPorts == null ? "" : hostPorts;
      protocol = protocol == null ? "tcp" : protocol;
    }
  }

  /**
   * A network to join, the names the container answers to on it, its static addresses (null: the
   * engine picks), link-local addresses and MAC address (null: the engine's; Engine API 1.44+). A
   * name such as {@code host}, {@code none} or {@code container:<id>} as the first network is a
   * network mode, not a network.
   */
  public record Network(String name, List<String> aliases, String ipv4Address, String ipv6Address,
      List<String> linkLocalIps, String macAddress) {

    /** No networking at all. */
    public static final Network NONE = new Network("none", List.of());

    public Network(String name, List<String> aliases) {
      this(name, aliases, null, null);
    }

    public Network(String name, List<String> aliases, String ipv4Address, String ipv6Address) {
      this(name, aliases, ipv4Address, ipv6Address, List.of(), null);
    }

    public Network {
      aliases = List.copyOf(aliases);
      linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
    }
  }

  /**
   * A named volume ({@code volume}), a host path ({@code bind}) or a {@code tmpfs}. For a bind:
   * {@code createHostPath} creates a missing source directory, {@code selinux} z or Z relabels
   * it, {@code propagation} as in mount(8); for a volume, {@code noCopy} leaves the image's files
   * out and {@code volumeLabels} label a volume the mount creates (the engine leaves an existing
   * volume's labels as they are); for a tmpfs, its size in bytes and octal mode (null: the engine's default).
   */
  public record Mount(String type, String source, String target, boolean readOnly, boolean createHostPath,
      String propagation, String selinux, boolean noCopy, Long tmpfsSize, Integer tmpfsMode,
      Map<String, String> volumeLabels) {

    public Mount(String type, String source, String target, boolean readOnly) {
      this(type, source, target, readOnly, false, null, null, false, null, null, Map.of());
    }

    public Mount {
      volumeLabels = volumeLabels == null ? Map.of() : Map.copyOf(volumeLabels);
    }
  }

  /**
   * The rest of a container's settings, each null or empty for the engine's or image's default.
   * {@code exposedPorts} are {@code 8080/tcp} entries, {@code links} {@code container:alias},
   * {@code volumesFrom} {@code container[:ro|rw]}, {@code extraHosts} {@code host:ip}, {@code
   * tmpfs} path to mount options, {@code devices} {@code host:container:permissions}, {@code
   * logDriver} null for the engine's default, the CPU settings null for none, {@code uts} and {@code
   * usernsMode} a mode such as {@code host}, {@code cgroupns} host or private.
   */
  public record Options(String hostname, String domainname, String user, String workingDir, String stopSignal,
      Integer stopTimeoutSeconds, List<String> capAdd, List<String> capDrop, boolean privileged, boolean readOnly,
      List<String> securityOpt, Map<String, String> sysctls, List<Ulimit> ulimits, Map<String, String> tmpfs,
      Long shmSize, Boolean init, String ipc, String pid, List<String> extraHosts, List<String> dns,
      List<String> dnsSearch, List<String> dnsOptions, List<String> exposedPorts, List<String> links,
      List<String> volumesFrom, Long memoryReservation, Long pidsLimit, String logDriver,
      Map<String, String> logOptions, List<String> devices, Integer cpuShares, Long cpuQuota, Long cpuPeriod,
      String cpusetCpus, List<String> groupAdd, String runtime, String uts, String usernsMode, String macAddress,
      String cgroupParent, String cgroupns, List<String> deviceCgroupRules, Long memorySwappiness, Long memorySwap,
      Boolean oomKillDisable, Integer oomScoreAdj, Blkio blkio, Extended extended) {

    public static final Options NONE = new Options(null, null, null, null, null, null, List.of(), List.of(), false,
        false, List.of(), Map.of(), List.of(), Map.of(), null, null, null, null, List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of(), List.of(), null, null, null, Map.of(), List.of(), null, null, null, null,
        List.of(), null, null, null, null, null, null, List.of(), null, null, null, null, Blkio.NONE, Extended.NONE);

    public Options(String hostname, String domainname, String user, String workingDir, String stopSignal,
        Integer stopTimeoutSeconds, List<String> capAdd, List<String> capDrop, boolean privileged, boolean readOnly,
        List<String> securityOpt, Map<String, String> sysctls, List<Ulimit> ulimits, Map<String, String> tmpfs,
        Long shmSize, Boolean init, String ipc, String pid, List<String> extraHosts, List<String> dns,
        List<String> dnsSearch, List<String> dnsOptions, List<String> exposedPorts, List<String> links,
        List<String> volumesFrom, Long memoryReservation, Long pidsLimit, String logDriver,
        Map<String, String> logOptions, List<String> devices, Integer cpuShares, Long cpuQuota, Long cpuPeriod,
        String cpusetCpus, List<String> groupAdd, String runtime, String uts, String usernsMode, String macAddress,
        String cgroupParent, String cgroupns, List<String> deviceCgroupRules, Long memorySwappiness, Long memorySwap,
        Boolean oomKillDisable, Integer oomScoreAdj, Blkio blkio) {
      this(hostname, domainname, user, workingDir, stopSignal, stopTimeoutSeconds, capAdd, capDrop, privileged,
          readOnly, securityOpt, sysctls, ulimits, tmpfs, shmSize, init, ipc, pid, extraHosts, dns, dnsSearch,
          dnsOptions, exposedPorts, links, volumesFrom, memoryReservation, pidsLimit, logDriver, logOptions, devices,
          cpuShares, cpuQuota, cpuPeriod, cpusetCpus, groupAdd, runtime, uts, usernsMode, macAddress, cgroupParent,
          cgroupns, deviceCgroupRules, memorySwappiness, memorySwap, oomKillDisable, oomScoreAdj, blkio,
          Extended.NONE);
    }

    public Options {
      capAdd = List.copyOf(capAdd);
      capDrop = List.copyOf(capDrop);
      securityOpt = List.copyOf(securityOpt);
      sysctls = Map.copyOf(sysctls);
      ulimits = List.copyOf(ulimits);
      tmpfs = Map.copyOf(tmpfs);
      extraHosts = List.copyOf(extraHosts);
      dns = List.copyOf(dns);
      dnsSearch = List.copyOf(dnsSearch);
      dnsOptions = List.copyOf(dnsOptions);
      exposedPorts = List.copyOf(exposedPorts);
      links = List.copyOf(links);
      volumesFrom = List.copyOf(volumesFrom);
      logOptions = Map.copyOf(logOptions);
      devices = List.copyOf(devices);
      groupAdd = List.copyOf(groupAdd);
      deviceCgroupRules = List.copyOf(deviceCgroupRules);
      blkio = blkio == null ? Blkio.NONE : blkio;
      extended = extended == null ? Extended.NONE : extended;
    }

    /** The same options with {@code newExtended} in place of {@link #extended}. */
    public Options withExtended(Extended newExtended) {
      return new Options(hostname, domainname, user, workingDir, stopSignal, stopTimeoutSeconds, capAdd, capDrop,
          privileged, readOnly, securityOpt, sysctls, ulimits, tmpfs, shmSize, init, ipc, pid, extraHosts, dns,
          dnsSearch, dnsOptions, exposedPorts, links, volumesFrom, memoryReservation, pidsLimit, logDriver, logOptions,
          devices, cpuShares, cpuQuota, cpuPeriod, cpusetCpus, groupAdd, runtime, uts, usernsMode, macAddress,
          cgroupParent, cgroupns, deviceCgroupRules, memorySwappiness, memorySwap, oomKillDisable, oomScoreAdj, blkio,
          newExtended);
    }
  }

  /**
   * A standard input kept open and a terminal, the platform to create the container for ({@code
   * os/arch[/variant]}, null: the engine's), device requests (GPUs), the real-time CPU budget in
   * microseconds (null: none), storage driver options ({@code size}) and annotations (Engine API
   * 1.43+).
   */
  public record Extended(boolean stdinOpen, boolean tty, String platform, List<DeviceRequest> deviceRequests,
      Long cpuRtRuntime, Long cpuRtPeriod, Map<String, String> storageOpt, Map<String, String> annotations) {

    public static final Extended NONE = new Extended(false, false, null, List.of(), null, null, Map.of(), Map.of());

    public Extended {
      deviceRequests = List.copyOf(deviceRequests);
      storageOpt = Map.copyOf(storageOpt);
      annotations = Map.copyOf(annotations);
    }
  }

  /**
   * Devices for a device driver ({@code nvidia}; null: the engine picks by capability): {@code
   * count} -1 for all, or the ids; {@code capabilities} an OR list of AND lists.
   */
  public record DeviceRequest(String driver, int count, List<String> deviceIds, List<List<String>> capabilities,
      Map<String, String> options) {

    public DeviceRequest {
      deviceIds = List.copyOf(deviceIds);
      capabilities = capabilities.stream().map(List::copyOf).toList();
      options = Map.copyOf(options);
    }
  }

  /**
   * Block I/O: a weight (null: the engine's), per-device weights, and per-device limits in bytes or
   * operations per second; devices are host paths.
   */
  public record Blkio(Integer weight, List<DeviceValue> weightDevice, List<DeviceValue> readBps,
      List<DeviceValue> readIops, List<DeviceValue> writeBps, List<DeviceValue> writeIops) {

    public static final Blkio NONE = new Blkio(null, List.of(), List.of(), List.of(), List.of(), List.of());

    public Blkio {
      weightDevice = List.copyOf(weightDevice);
      readBps = List.copyOf(readBps);
      readIops = List.copyOf(readIops);
      writeBps = List.copyOf(writeBps);
      writeIops = List.copyOf(writeIops);
    }
  }

  /** A block device and its weight or rate. */
  public record DeviceValue(String path, long value) {}

  /** A resource limit for the container's processes ({@code nofile}, {@code nproc}...). */
  public record Ulimit(String name, long soft, long hard) {}

  /**
   * A container health check; {@code test} empty means the image's own. {@code startInterval}
   * (Engine API 1.44+) is the interval during {@code startPeriod}.
   */
  public record Health(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod,
      Duration startInterval) {}
}
