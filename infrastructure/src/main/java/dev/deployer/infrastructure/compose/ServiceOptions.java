package dev.deployer.infrastructure.compose;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service keys that shape its container beyond image, command, ports, volumes and networks:
 * identity, process, security, kernel, DNS, namespaces, links, secrets and configs, logging,
 * devices, CPU scheduling, cgroups and memory, supplementary groups, runtime and the UTS and user
 * namespaces, lifecycle hooks and the pull policy. Every field may be null or empty, meaning the engine's (or the image's) default.
 */
public record ServiceOptions(
    String containerName,
    String hostname,
    String domainname,
    String user,
    String workingDir,
    String stopSignal,
    Duration stopGracePeriod,
    List<String> capAdd,
    List<String> capDrop,
    boolean privileged,
    boolean readOnly,
    List<String> securityOpt,
    Map<String, String> sysctls,
    Map<String, Ulimit> ulimits,
    List<String> tmpfs,
    Long shmSize,
    Boolean init,
    String ipc,
    String pid,
    List<String> extraHosts,
    List<String> dns,
    List<String> dnsSearch,
    List<String> dnsOpt,
    List<String> expose,
    String networkMode,
    List<String> links,
    List<String> volumesFrom,
    Map<String, Attachment> networkSettings,
    List<FileGrant> secrets,
    List<FileGrant> configs,
    Long memoryReservation,
    Double cpuReservation,
    Long pidsLimit,
    Logging logging,
    List<DeviceMapping> devices,
    Cpu cpu,
    List<String> groupAdd,
    String runtime,
    String uts,
    String usernsMode,
    String macAddress,
    Cgroups cgroups,
    Integer scale,
    boolean stdinOpen,
    boolean tty,
    List<ServiceHook> postStart,
    List<ServiceHook> preStop,
    PullPolicy pullPolicy,
    Extended extended) {

  public static final ServiceOptions NONE = new ServiceOptions(null, null, null, null, null, null, null, null, null,
      false, false, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, false, false,
      null, null, null, null);

  public ServiceOptions {
    capAdd = copy(capAdd);
    capDrop = copy(capDrop);
    securityOpt = copy(securityOpt);
    sysctls = sorted(sysctls);
    ulimits = sorted(ulimits);
    tmpfs = copy(tmpfs);
    extraHosts = copy(extraHosts);
    dns = copy(dns);
    dnsSearch = copy(dnsSearch);
    dnsOpt = copy(dnsOpt);
    expose = copy(expose);
    links = copy(links);
    volumesFrom = copy(volumesFrom);
    networkSettings = Collections.unmodifiableMap(new LinkedHashMap<>(networkSettings == null ? Map.of() : networkSettings));
    secrets = copy(secrets);
    configs = copy(configs);
    devices = copy(devices);
    cpu = cpu == null ? Cpu.NONE : cpu;
    groupAdd = copy(groupAdd);
    cgroups = cgroups == null ? Cgroups.NONE : cgroups;
    postStart = copy(postStart);
    preStop = copy(preStop);
    pullPolicy = pullPolicy == null ? PullPolicy.DEFAULT : pullPolicy;
    extended = extended == null ? Extended.NONE : extended;
  }

  /**
   * {@code external_links} ({@code container[:alias]}), {@code
   * platform} ({@code os/arch[/variant]}), {@code gpus}, {@code deploy.resources.reservations.devices},
   * {@code cpu_rt_runtime} and {@code cpu_rt_period} (microseconds), {@code storage_opt}, {@code
   * annotations} and {@code deploy.resources.reservations.generic_resources}; each false, null or
   * empty when not set.
   */
  public record Extended(List<String> externalLinks, String platform,
      List<DeviceRequest> gpus, List<DeviceRequest> reservedDevices, Long cpuRtRuntime, Long cpuRtPeriod,
      Map<String, String> storageOpt, Map<String, String> annotations, List<GenericResource> genericResources) {

    public static final Extended NONE = new Extended(null, null, null, null, null, null, null, null, null);

    public Extended {
      externalLinks = copy(externalLinks);
      gpus = copy(gpus);
      reservedDevices = copy(reservedDevices);
      storageOpt = sorted(storageOpt);
      annotations = sorted(annotations);
      genericResources = copy(genericResources);
    }
  }

  /** A {@code generic_resources} item: its {@code discrete_resource_spec}, {@code value} of {@code kind}. */
  public record GenericResource(String kind, long value) {}

  /**
   * A device request ({@code gpus} item or {@code deploy.resources.reservations.devices} item):
   * {@code count} -1 for all (as {@code all}, or when neither a count other than 0 nor device ids
   * are set, as compose-go reads it).
   */
  public record DeviceRequest(List<String> capabilities, String driver, Long count, List<String> deviceIds,
      Map<String, String> options) {

    public DeviceRequest {
      capabilities = copy(capabilities);
      deviceIds = copy(deviceIds);
      options = sorted(options);
    }
  }

  /** {@code logging}: the driver (null: the engine's default) and its options. */
  public record Logging(String driver, Map<String, String> options) {

    public Logging {
      options = sorted(options);
    }
  }

  /** A host device given to the container; the target is the source and permissions rwm unless set. */
  public record DeviceMapping(String source, String target, String permissions) {}

  /**
   * {@code cpu_shares}, {@code cpu_quota} and {@code cpu_period} (microseconds), {@code cpuset}
   * (the CPUs it may use, as {@code 0-1}); each null when not set.
   */
  public record Cpu(Integer shares, Long quota, Long period, String cpuset) {

    public static final Cpu NONE = new Cpu(null, null, null, null);
  }

  /**
   * {@code cgroup_parent}, {@code cgroup} (the cgroup namespace: host or private), {@code
   * device_cgroup_rules}, {@code mem_swappiness}, {@code memswap_limit} (bytes, -1 unlimited),
   * {@code oom_kill_disable}, {@code oom_score_adj} and {@code blkio_config}; each null or empty
   * when not set.
   */
  public record Cgroups(String parent, String namespace, List<String> deviceRules, Long memSwappiness,
      Long memswapLimit, Boolean oomKillDisable, Integer oomScoreAdj, Blkio blkio) {

    public static final Cgroups NONE = new Cgroups(null, null, null, null, null, null, null, null);

    public Cgroups {
      deviceRules = copy(deviceRules);
      blkio = blkio == null ? Blkio.NONE : blkio;
    }
  }

  /**
   * {@code blkio_config}: the weight (10 to 1000) and per-device weights, and per-device limits in
   * bytes or operations per second; each null or empty when not set.
   */
  public record Blkio(Integer weight, List<DeviceWeight> weightDevice, List<DeviceRate> readBps,
      List<DeviceRate> readIops, List<DeviceRate> writeBps, List<DeviceRate> writeIops) {

    public static final Blkio NONE = new Blkio(null, null, null, null, null, null);

    public Blkio {
      weightDevice = copy(weightDevice);
      readBps = copy(readBps);
      readIops = copy(readIops);
      writeBps = copy(writeBps);
      writeIops = copy(writeIops);
    }

    public boolean isSet() {
      return !equals(NONE);
    }
  }

  /** A block device's weight in {@code blkio_config.weight_device}. */
  public record DeviceWeight(String path, int weight) {}

  /** A block device's limit in {@code blkio_config.device_*_bps} (bytes) or {@code _iops} (operations). */
  public record DeviceRate(String path, long rate) {}

  /** A ulimit; a single number in the file sets both. */
  public record Ulimit(long soft, long hard) {}

  /**
   * How a service joins one network: extra aliases, static addresses (null for none), link-local
   * addresses, its priority (null: 0; the container joins its networks highest first) and its MAC
   * address on this network (null: the engine's).
   */
  public record Attachment(List<String> aliases, String ipv4Address, String ipv6Address, List<String> linkLocalIps,
      Integer priority, String macAddress) {

    public Attachment(List<String> aliases, String ipv4Address, String ipv6Address) {
      this(aliases, ipv4Address, ipv6Address, List.of(), null, null);
    }

    public Attachment {
      aliases = copy(aliases);
      linkLocalIps = copy(linkLocalIps);
    }
  }

  /** The same options with other secret and config grants (a release's copies of their files). */
  public ServiceOptions withGrants(List<FileGrant> secrets, List<FileGrant> configs) {
    return new ServiceOptions(containerName, hostname, domainname, user, workingDir, stopSignal,
        stopGracePeriod, capAdd, capDrop, privileged, readOnly, securityOpt, sysctls, ulimits, tmpfs, shmSize,
        init, ipc, pid, extraHosts, dns, dnsSearch, dnsOpt, expose, networkMode, links, volumesFrom,
        networkSettings, secrets, configs, memoryReservation, cpuReservation, pidsLimit, logging, devices,
        cpu, groupAdd, runtime, uts, usernsMode, macAddress, cgroups, scale, stdinOpen, tty, postStart,
        preStop, pullPolicy, extended);
  }

  /**
   * A secret or config given to the service: its top-level source, where it appears in the
   * container ({@code /run/secrets/<name>} for a secret and {@code /<name>} for a config unless
   * set), and the file's owner and octal mode (each null when not set).
   */
  public record FileGrant(String source, FileSource from, String target, String uid, String gid, Integer mode) {

    /** The host file of a {@code file} source; null for any other. */
    public Path file() {
      return from.file();
    }

    /** True when the grant sets the file's owner or mode. */
    public boolean setsOwnership() {
      return uid != null || gid != null || mode != null;
    }
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map == null ? Map.of() : map));
  }
}
