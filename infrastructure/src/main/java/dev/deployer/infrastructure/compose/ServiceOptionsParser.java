package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.ServiceOptions.Attachment;
import dev.deployer.infrastructure.compose.ServiceOptions.FileGrant;
import dev.deployer.infrastructure.compose.ServiceOptions.Ulimit;
import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@link ServiceOptions} of one service, read from its mapping. */
final class ServiceOptionsParser {

  static final Set<String> KEYS = Set.of(
      "container_name", "hostname", "domainname", "user", "working_dir", "stop_signal", "stop_grace_period",
      "cap_add", "cap_drop", "privileged", "read_only", "security_opt", "sysctls", "ulimits", "tmpfs", "shm_size",
      "init", "ipc", "pid", "extra_hosts", "dns", "dns_search", "dns_opt", "expose", "network_mode", "links",
      "volumes_from", "secrets", "configs", "pids_limit", "mem_limit", "mem_reservation", "cpus", "logging",
      "devices", "cpu_shares", "cpu_quota", "cpu_period", "cpuset", "group_add", "runtime", "uts", "userns_mode",
      "mac_address", "cgroup_parent", "cgroup", "device_cgroup_rules", "mem_swappiness", "memswap_limit",
      "oom_kill_disable", "oom_score_adj", "blkio_config", "scale", "stdin_open", "tty");
  private static final Set<String> NETWORK_KEYS =
      Set.of("aliases", "ipv4_address", "ipv6_address", "link_local_ips", "priority", "mac_address");
  private static final Set<String> GRANT_KEYS = Set.of("source", "target", "uid", "gid", "mode");

  private final Map<String, FileSource> secrets;
  private final Map<String, FileSource> configs;

  /** @param secrets top-level secrets by key; {@code configs} likewise */
  ServiceOptionsParser(Map<String, FileSource> secrets, Map<String, FileSource> configs) {
    this.secrets = secrets;
    this.configs = configs;
  }

  ServiceOptions parse(Mapping service, ReservationSpec reservations) throws ComposeException {
    YamlValue networks = service.get("networks");
    String networkMode = Nodes.optionalString(service.get("network_mode"));
    if (networkMode != null && networks != null) {
      throw service.get("network_mode").error("'network_mode' and 'networks' cannot be combined");
    }
    Long pidsLimit = optionalLong(service.get("pids_limit"));
    if (reservations != null && reservations.pids() != null) {
      pidsLimit = reservations.pids();
    }
    return new ServiceOptions(
        Nodes.optionalString(service.get("container_name")),
        Nodes.optionalString(service.get("hostname")),
        Nodes.optionalString(service.get("domainname")),
        Nodes.optionalString(service.get("user")),
        Nodes.optionalString(service.get("working_dir")),
        Nodes.optionalString(service.get("stop_signal")),
        Nodes.duration(service.get("stop_grace_period")),
        strings(service.get("cap_add")),
        strings(service.get("cap_drop")),
        Nodes.bool(service.get("privileged"), false),
        Nodes.bool(service.get("read_only"), false),
        strings(service.get("security_opt")),
        service.has("sysctls") ? Nodes.keyValues(service.get("sysctls"), key -> "") : Map.of(),
        ulimits(service.get("ulimits")),
        strings(service.get("tmpfs")),
        service.has("shm_size") ? DeployParser.memoryBytes(service.get("shm_size")) : null,
        service.has("init") ? Nodes.bool(service.get("init")) : null,
        Nodes.optionalString(service.get("ipc")),
        Nodes.optionalString(service.get("pid")),
        extraHosts(service.get("extra_hosts")),
        strings(service.get("dns")),
        strings(service.get("dns_search")),
        strings(service.get("dns_opt")),
        expose(service.get("expose")),
        networkMode,
        strings(service.get("links")),
        strings(service.get("volumes_from")),
        networks instanceof Mapping mapping ? attachments(mapping) : Map.of(),
        grants(service.get("secrets"), secrets, "secret", "/run/secrets/"),
        grants(service.get("configs"), configs, "config", "/"),
        memoryReservation(service, reservations),
        reservations == null ? null : reservations.cpus(),
        pidsLimit,
        logging(service.get("logging")),
        devices(service.get("devices")),
        new ServiceOptions.Cpu(
            service.has("cpu_shares") ? Nodes.integer(service.get("cpu_shares")) : null,
            optionalLong(service.get("cpu_quota")),
            optionalLong(service.get("cpu_period")),
            Nodes.optionalString(service.get("cpuset"))),
        strings(service.get("group_add")),
        Nodes.optionalString(service.get("runtime")),
        oneOf(service.get("uts"), Set.of("host")),
        oneOf(service.get("userns_mode"), Set.of("host")),
        macAddress(service.get("mac_address")),
        CgroupKeysParser.cgroups(service),
        scale(service.get("scale")),
        Nodes.bool(service.get("stdin_open"), false),
        Nodes.bool(service.get("tty"), false),
        LifecycleParser.hooks(service.get("post_start")),
        LifecycleParser.hooks(service.get("pre_stop")),
        LifecycleParser.pullPolicy(service.get("pull_policy"), service.get("pull_refresh_after"),
            service.has("build")),
        ExtendedKeysParser.parse(service));
  }

  private static Integer scale(YamlValue value) throws ComposeException {
    Integer scale = Nodes.optionalInteger(value);
    if (scale != null && scale < 0) {
      throw value.error("must not be negative");
    }
    return scale;
  }

  static String oneOf(YamlValue value, Set<String> allowed) throws ComposeException {
    String text = Nodes.optionalString(value);
    if (text != null && !allowed.contains(text)) {
      throw value.error("must be " + String.join(" or ", new java.util.TreeSet<>(allowed)) + ", not '" + text + "'");
    }
    return text;
  }

  private static String macAddress(YamlValue value) throws ComposeException {
    String text = Nodes.optionalString(value);
    if (text != null && !text.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw value.error("invalid MAC address '" + text + "' (six hex pairs separated by colons)");
    }
    return text;
  }

  private static ServiceOptions.Logging logging(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    Mapping logging = Nodes.mapping(value);
    Nodes.allowKeys(logging, Set.of("driver", "options"));
    return new ServiceOptions.Logging(Nodes.optionalString(logging.get("driver")),
        logging.has("options") ? Nodes.keyValues(logging.get("options"), key -> "") : Map.of());
  }

  /** {@code HOST[:CONTAINER[:PERMISSIONS]]} entries; the permissions are some of r, w and m. */
  private static List<ServiceOptions.DeviceMapping> devices(YamlValue value) throws ComposeException {
    List<String> entries = strings(value);
    List<ServiceOptions.DeviceMapping> devices = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      if (!entry.matches("/[^:]+(:/[^:]+)?(:[rwm]{1,3})?")) {
        throw Nodes.sequence(value).items().get(i).error("invalid device '" + entry
            + "' (HOST_PATH[:CONTAINER_PATH][:PERMISSIONS], permissions of r, w and m)");
      }
      String[] parts = entry.split(":");
      boolean hasTarget = parts.length > 1 && parts[1].startsWith("/");
      String permissions = parts.length == 3 ? parts[2] : parts.length == 2 && !hasTarget ? parts[1] : "rwm";
      devices.add(new ServiceOptions.DeviceMapping(parts[0], hasTarget ? parts[1] : parts[0], permissions));
    }
    return devices;
  }

  /** {@code deploy.resources.reservations.memory}, else the service's {@code mem_reservation}, as Compose takes them. */
  private static Long memoryReservation(Mapping service, ReservationSpec reservations) throws ComposeException {
    if (reservations != null && reservations.memory() != null) {
      return reservations.memory();
    }
    return service.has("mem_reservation") ? DeployParser.memoryBytes(service.get("mem_reservation")) : null;
  }

  /** Limits and reservations from {@code deploy.resources} beyond cpus and memory limits. */
  record ReservationSpec(Double cpus, Long memory, Long pids) {}

  static List<String> strings(YamlValue value) throws ComposeException {
    if (value == null || (value instanceof Scalar s && s.isNull())) {
      return List.of();
    }
    return Nodes.stringOrList(value);
  }

  private static List<String> expose(YamlValue value) throws ComposeException {
    List<String> ports = strings(value);
    for (int i = 0; i < ports.size(); i++) {
      if (!ports.get(i).matches("\\d{1,5}(-\\d{1,5})?(/(tcp|udp|sctp))?")) {
        throw Nodes.sequence(value).items().get(i).error("invalid port '" + ports.get(i) + "' (PORT[-END][/PROTOCOL])");
      }
    }
    return ports;
  }

  static Long optionalLong(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    String text = Nodes.string(value);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw value.error("must be an integer, not '" + text + "'");
    }
  }

  private static Map<String, Ulimit> ulimits(YamlValue value) throws ComposeException {
    Map<String, Ulimit> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    for (Map.Entry<String, YamlValue> entry : Nodes.mapping(value).entries().entrySet()) {
      if (entry.getValue() instanceof Mapping limits) {
        Nodes.allowKeys(limits, Set.of("soft", "hard"));
        if (!limits.has("soft") || !limits.has("hard")) {
          throw limits.error("a ulimit needs both soft and hard");
        }
        result.put(entry.getKey(), new Ulimit(optionalLong(limits.get("soft")), optionalLong(limits.get("hard"))));
      } else {
        long both = optionalLong(entry.getValue());
        result.put(entry.getKey(), new Ulimit(both, both));
      }
    }
    return result;
  }

  /** {@code host:ip} or {@code host=ip} entries, or a mapping of host to one or more addresses. */
  /** {@code extra_hosts} (a service's or a build's) as {@code HOST:IP} entries. */
  static List<String> extraHosts(YamlValue value) throws ComposeException {
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof Mapping mapping) {
      for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
        for (String ip : Nodes.stringOrList(entry.getValue())) {
          result.add(entry.getKey() + ":" + ip);
        }
      }
      return result;
    }
    for (YamlValue item : Nodes.sequence(value).items()) {
      String entry = Nodes.string(item);
      int eq = entry.indexOf('=');
      int colon = entry.indexOf(':');
      int at = eq >= 0 ? eq : colon;
      if (at <= 0) {
        throw item.error("invalid extra host '" + entry + "' (HOST:IP or HOST=IP)");
      }
      result.add(entry.substring(0, at) + ":" + entry.substring(at + 1));
    }
    return result;
  }

  private static Map<String, Attachment> attachments(Mapping networks) throws ComposeException {
    Map<String, Attachment> result = new LinkedHashMap<>();
    for (Map.Entry<String, YamlValue> entry : networks.entries().entrySet()) {
      Mapping settings = Nodes.mappingOrEmpty(entry.getValue());
      SpecKeys.check(settings, NETWORK_KEYS, SpecKeys.SERVICE_NETWORK);
      if (settings.entries().isEmpty()) {
        continue;
      }
      result.put(entry.getKey(), new Attachment(strings(settings.get("aliases")),
          Nodes.optionalString(settings.get("ipv4_address")), Nodes.optionalString(settings.get("ipv6_address")),
          strings(settings.get("link_local_ips")), Nodes.optionalInteger(settings.get("priority")),
          macAddress(settings.get("mac_address"))));
    }
    return result;
  }

  private static List<FileGrant> grants(YamlValue value, Map<String, FileSource> declared, String kind,
      String defaultDir) throws ComposeException {
    List<FileGrant> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    for (YamlValue item : Nodes.sequence(value).items()) {
      String source;
      String target = null;
      String uid = null;
      String gid = null;
      Integer mode = null;
      YamlValue at = item;
      if (item instanceof Mapping mapping) {
        Nodes.allowKeys(mapping, GRANT_KEYS);
        if (!mapping.has("source")) {
          throw mapping.error("source is required");
        }
        at = mapping.get("source");
        source = Nodes.string(at);
        target = Nodes.optionalString(mapping.get("target"));
        uid = numericId(mapping.get("uid"));
        gid = numericId(mapping.get("gid"));
        mode = fileMode(mapping.get("mode"));
      } else {
        source = Nodes.string(item);
      }
      FileSource from = declared.get(source);
      if (from == null) {
        throw at.error("undefined " + kind + " '" + source + "'");
      }
      if (target == null) {
        target = defaultDir + source;
      } else if (!target.startsWith("/")) {
        target = defaultDir + target;
      }
      result.add(new FileGrant(source, from, target, uid, gid, mode));
    }
    return result;
  }

  /** A grant's {@code uid} or {@code gid}: a number, as the engine writes it into the file's header. */
  private static String numericId(YamlValue value) throws ComposeException {
    String id = Nodes.optionalString(value);
    if (id != null && !id.strip().matches("\\d+")) {
      throw value.error("'" + id + "' is not a numeric user or group id");
    }
    return id == null ? null : id.strip();
  }

  /**
   * A grant's {@code mode}: octal as written ({@code 0440}, {@code 0o440}, {@code "0440"}), or a
   * decimal number as YAML 1.1 reads an unquoted {@code 0440} for Compose ({@code 288}).
   */
  private static Integer fileMode(YamlValue value) throws ComposeException {
    String text = Nodes.optionalString(value);
    if (text == null) {
      return null;
    }
    String mode = text.strip();
    try {
      int parsed;
      if (mode.startsWith("0o") || mode.startsWith("0O")) {
        parsed = Integer.parseInt(mode.substring(2), 8);
      } else if (mode.startsWith("0") && mode.length() > 1) {
        parsed = Integer.parseInt(mode.substring(1), 8);
      } else {
        parsed = Integer.parseInt(mode);
      }
      if (parsed < 0 || parsed > 07777) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw value.error("invalid file mode '" + text + "' (an octal number such as 0440)");
    }
  }
}
