package dev.deployer.infrastructure.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ServiceOptions} keys of a service in {@code docker compose config}'s shape, added to
 * the service's JSON (and so to its config hash: changing any of them recreates the container).
 */
final class ServiceOptionsJson {

  private ServiceOptionsJson() {}

  @SuppressWarnings("unchecked") // the deploy section is built by ComposeJson as a map of strings
  static void put(Map<String, Object> json, ServiceOptions o) {
    putIfSet(json, "container_name", o.containerName());
    putIfSet(json, "hostname", o.hostname());
    putIfSet(json, "domainname", o.domainname());
    putIfSet(json, "user", o.user());
    putIfSet(json, "working_dir", o.workingDir());
    putIfSet(json, "stop_signal", o.stopSignal());
    putIfSet(json, "stop_grace_period", o.stopGracePeriod() == null ? null : GoDuration.format(o.stopGracePeriod()));
    putIfSet(json, "cap_add", o.capAdd());
    putIfSet(json, "cap_drop", o.capDrop());
    putIfSet(json, "privileged", o.privileged() ? true : null);
    putIfSet(json, "read_only", o.readOnly() ? true : null);
    putIfSet(json, "security_opt", o.securityOpt());
    putIfSet(json, "sysctls", o.sysctls());
    Map<String, Object> ulimits = new LinkedHashMap<>();
    o.ulimits().forEach((name, u) -> ulimits.put(name, u.soft() == u.hard() ? (Object) u.soft()
        : Map.of("soft", u.soft(), "hard", u.hard())));
    putIfSet(json, "ulimits", ulimits);
    putIfSet(json, "tmpfs", o.tmpfs());
    putIfSet(json, "shm_size", o.shmSize() == null ? null : String.valueOf(o.shmSize()));
    putIfSet(json, "init", o.init());
    putIfSet(json, "ipc", o.ipc());
    putIfSet(json, "pid", o.pid());
    putIfSet(json, "extra_hosts", o.extraHosts());
    putIfSet(json, "dns", o.dns());
    putIfSet(json, "dns_search", o.dnsSearch());
    putIfSet(json, "dns_opt", o.dnsOpt());
    putIfSet(json, "expose", o.expose());
    putIfSet(json, "network_mode", o.networkMode());
    putIfSet(json, "links", o.links());
    putIfSet(json, "volumes_from", o.volumesFrom());
    putIfSet(json, "secrets", grants(o.secrets()));
    putIfSet(json, "configs", grants(o.configs()));
    putIfSet(json, "pids_limit", o.pidsLimit());
    if (o.logging() != null) {
      Map<String, Object> logging = new LinkedHashMap<>();
      putIfSet(logging, "driver", o.logging().driver());
      putIfSet(logging, "options", o.logging().options());
      json.put("logging", logging);
    }
    putIfSet(json, "devices", devices(o.devices()));
    putIfSet(json, "cpu_shares", o.cpu().shares());
    putIfSet(json, "cpu_quota", o.cpu().quota());
    putIfSet(json, "cpu_period", o.cpu().period());
    putIfSet(json, "cpuset", o.cpu().cpuset());
    putIfSet(json, "group_add", o.groupAdd());
    putIfSet(json, "runtime", o.runtime());
    putIfSet(json, "uts", o.uts());
    putIfSet(json, "userns_mode", o.usernsMode());
    putIfSet(json, "mac_address", o.macAddress());
    ServiceOptions.Cgroups c = o.cgroups();
    putIfSet(json, "cgroup_parent", c.parent());
    putIfSet(json, "cgroup", c.namespace());
    putIfSet(json, "device_cgroup_rules", c.deviceRules());
    putIfSet(json, "mem_swappiness", c.memSwappiness());
    putIfSet(json, "memswap_limit", c.memswapLimit() == null ? null : String.valueOf(c.memswapLimit()));
    putIfSet(json, "oom_kill_disable", c.oomKillDisable());
    putIfSet(json, "oom_score_adj", c.oomScoreAdj());
    if (c.blkio().isSet()) {
      json.put("blkio_config", blkio(c.blkio()));
    }
    putIfSet(json, "scale", o.scale());
    putIfSet(json, "stdin_open", o.stdinOpen() ? true : null);
    putIfSet(json, "tty", o.tty() ? true : null);
    putIfSet(json, "post_start", hooks(o.postStart()));
    putIfSet(json, "pre_stop", hooks(o.preStop()));
    putIfSet(json, "pull_policy", o.pullPolicy().policy());
    putIfSet(json, "pull_refresh_after", o.pullPolicy().refreshAfter());
    ServiceOptions.Extended e = o.extended();
    putIfSet(json, "external_links", e.externalLinks());
    putIfSet(json, "platform", e.platform());
    putIfSet(json, "gpus", deviceRequests(e.gpus()));
    putIfSet(json, "cpu_rt_runtime", e.cpuRtRuntime());
    putIfSet(json, "cpu_rt_period", e.cpuRtPeriod());
    putIfSet(json, "storage_opt", e.storageOpt());
    putIfSet(json, "annotations", e.annotations());
    if (o.memoryReservation() != null || o.cpuReservation() != null || !e.reservedDevices().isEmpty()
        || !e.genericResources().isEmpty()) {
      Map<String, Object> reservations = new LinkedHashMap<>();
      putIfSet(reservations, "cpus", o.cpuReservation());
      putIfSet(reservations, "memory", o.memoryReservation() == null ? null : String.valueOf(o.memoryReservation()));
      putIfSet(reservations, "devices", deviceRequests(e.reservedDevices()));
      putIfSet(reservations, "generic_resources", e.genericResources().stream().map(r -> Map.of(
          "discrete_resource_spec", new java.util.TreeMap<>(Map.of("kind", r.kind(), "value", r.value())))).toList());
      Map<String, Object> deploy = new java.util.TreeMap<>(json.get("deploy") instanceof Map<?, ?> d
          ? (Map<String, Object>) d : Map.of());
      Map<String, Object> resources = new java.util.TreeMap<>(deploy.get("resources") instanceof Map<?, ?> r
          ? (Map<String, Object>) r : Map.of());
      resources.put("reservations", reservations);
      deploy.put("resources", resources);
      json.put("deploy", deploy);
    }
  }

  /** The service's networks, each with its aliases and addresses (null when it sets none). */
  static Map<String, Object> networks(ComposeService s) {
    Map<String, Object> networks = new LinkedHashMap<>();
    for (String key : s.effectiveNetworks()) {
      ServiceOptions.Attachment a = s.options().networkSettings().get(key);
      Map<String, Object> settings = null;
      if (a != null) {
        settings = new LinkedHashMap<>();
        putIfSet(settings, "aliases", a.aliases());
        putIfSet(settings, "ipv4_address", a.ipv4Address());
        putIfSet(settings, "ipv6_address", a.ipv6Address());
        putIfSet(settings, "link_local_ips", a.linkLocalIps());
        putIfSet(settings, "priority", a.priority());
        putIfSet(settings, "mac_address", a.macAddress());
      }
      networks.put(key, settings);
    }
    return networks;
  }

  /** As compose-go prints it: rates in bytes as strings (its UnitBytes), operations as numbers. */
  private static Map<String, Object> blkio(ServiceOptions.Blkio b) {
    Map<String, Object> json = new LinkedHashMap<>();
    putIfSet(json, "weight", b.weight());
    List<Object> weights = new ArrayList<>();
    b.weightDevice().forEach(d -> weights.add(device(d.path(), "weight", d.weight())));
    putIfSet(json, "weight_device", weights);
    putIfSet(json, "device_read_bps", rates(b.readBps(), true));
    putIfSet(json, "device_read_iops", rates(b.readIops(), false));
    putIfSet(json, "device_write_bps", rates(b.writeBps(), true));
    putIfSet(json, "device_write_iops", rates(b.writeIops(), false));
    return json;
  }

  private static List<Object> rates(List<ServiceOptions.DeviceRate> rates, boolean bytes) {
    List<Object> result = new ArrayList<>();
    rates.forEach(r -> result.add(device(r.path(), "rate", bytes ? String.valueOf(r.rate()) : r.rate())));
    return result;
  }

  private static Map<String, Object> device(String path, String key, Object value) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("path", path);
    json.put(key, value);
    return json;
  }

  /** As compose-go prints them: count -1 for all. */
  private static List<Object> deviceRequests(List<ServiceOptions.DeviceRequest> requests) {
    List<Object> result = new ArrayList<>();
    for (ServiceOptions.DeviceRequest request : requests) {
      Map<String, Object> json = new LinkedHashMap<>();
      putIfSet(json, "capabilities", request.capabilities());
      putIfSet(json, "driver", request.driver());
      putIfSet(json, "count", request.count());
      putIfSet(json, "device_ids", request.deviceIds());
      putIfSet(json, "options", request.options());
      result.add(json);
    }
    return result;
  }

  /** As compose-go prints them: source, target and permissions. */
  private static List<Object> devices(List<ServiceOptions.DeviceMapping> devices) {
    List<Object> result = new ArrayList<>();
    for (ServiceOptions.DeviceMapping device : devices) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("source", device.source());
      json.put("target", device.target());
      json.put("permissions", device.permissions());
      result.add(json);
    }
    return result;
  }

  /** As compose-go prints a hook: the command as a list, the other keys when set. */
  private static List<Object> hooks(List<ServiceHook> hooks) {
    List<Object> result = new ArrayList<>();
    for (ServiceHook hook : hooks) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("command", hook.command());
      putIfSet(json, "user", hook.user());
      putIfSet(json, "privileged", hook.privileged() ? true : null);
      putIfSet(json, "working_dir", hook.workingDir());
      putIfSet(json, "environment", hook.environment());
      result.add(json);
    }
    return result;
  }

  private static List<Object> grants(List<ServiceOptions.FileGrant> grants) {
    List<Object> result = new ArrayList<>();
    for (ServiceOptions.FileGrant grant : grants) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("source", grant.source());
      json.put("target", grant.target());
      putIfSet(json, "uid", grant.uid());
      putIfSet(json, "gid", grant.gid());
      putIfSet(json, "mode", grant.mode());
      result.add(json);
    }
    return result;
  }

  /** Puts {@code value} unless it is null or an empty map or list. */
  static void putIfSet(Map<String, Object> json, String key, Object value) {
    if (value == null || (value instanceof Map<?, ?> m && m.isEmpty()) || (value instanceof List<?> l && l.isEmpty())) {
      return;
    }
    json.put(key, value);
  }
}
