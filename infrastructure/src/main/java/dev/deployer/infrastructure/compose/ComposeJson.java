package dev.deployer.infrastructure.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved model as a tree of maps and lists with the structure and field names of
 * {@code docker compose config --format json}: ports as objects with a string {@code published},
 * durations in Go notation, memory in bytes as a string, empty fields left out.
 */
public final class ComposeJson {

  private ComposeJson() {}

  public static Map<String, Object> project(ComposeProject project) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", project.name());
    Map<String, Object> services = new LinkedHashMap<>();
    project.services().forEach((name, service) -> services.put(name, service(service)));
    json.put("services", services);
    Map<String, Object> networks = new LinkedHashMap<>();
    project.networks().forEach((key, n) ->
        networks.put(key, network(n)));
    json.put("networks", networks);
    if (!project.volumes().isEmpty()) {
      Map<String, Object> volumes = new LinkedHashMap<>();
      project.volumes().forEach((key, v) ->
          volumes.put(key, resource(v.name(), v.external(), v.driver(), v.driverOpts(), v.labels())));
      json.put("volumes", volumes);
    }
    ServiceOptionsJson.putIfSet(json, "secrets", fileSources(declared(project.secrets(), project, ServiceOptions::secrets)));
    ServiceOptionsJson.putIfSet(json, "configs", fileSources(declared(project.configs(), project, ServiceOptions::configs)));
    return json;
  }

  /**
   * The top-level secrets (or configs), used by a service or not, as compose-go prints them: the
   * source's key, the engine name, labels and drivers. A secret's value is never printed (neither
   * an environment variable's value nor content); a config's inline {@code content} is, as it is
   * part of the file, but not one taken from an environment variable.
   */
  private static Map<String, Object> fileSources(Map<String, FileSource> sources) {
    Map<String, Object> json = new TreeMap<>();
    sources.forEach((key, source) -> {
      Map<String, Object> entry = new TreeMap<>();
      entry.put("name", source.name());
      switch (source.kind()) {
        case FILE -> entry.put("file", source.file().toString());
        case ENVIRONMENT -> entry.put("environment", source.environment());
        case CONTENT -> entry.put("content", source.value());
        case EXTERNAL -> entry.put("external", true);
      }
      ServiceOptionsJson.putIfSet(entry, "labels", source.labels());
      putIfNotNull(entry, "driver", source.driver());
      ServiceOptionsJson.putIfSet(entry, "driver_opts", source.driverOpts());
      putIfNotNull(entry, "template_driver", source.templateDriver());
      json.put(key, entry);
    });
    return json;
  }

  /**
   * The project's top-level sources; for a project without them (rebuilt from its services), those
   * its services' grants name.
   */
  private static Map<String, FileSource> declared(Map<String, FileSource> topLevel, ComposeProject project,
      java.util.function.Function<ServiceOptions, List<ServiceOptions.FileGrant>> grants) {
    Map<String, FileSource> result = new TreeMap<>(topLevel);
    for (ComposeService service : project.services().values()) {
      grants.apply(service.options()).forEach(grant -> result.putIfAbsent(grant.source(), grant.from()));
    }
    return result;
  }

  /** One service, keys sorted. */
  public static Map<String, Object> service(ComposeService s) {
    Map<String, Object> json = new TreeMap<>();
    if (s.build() != null) {
      json.put("build", build(s.build()));
    }
    ServiceOptionsJson.putIfSet(json, "command", s.command());
    ServiceOptionsJson.putIfSet(json, "entrypoint", s.entrypoint());
    Map<String, Object> dependsOn = new LinkedHashMap<>();
    s.dependsOn().forEach((name, d) -> dependsOn.put(name, dependsOn(d)));
    ServiceOptionsJson.putIfSet(json, "depends_on", dependsOn);
    if (s.deploy() != null) {
      ServiceOptionsJson.putIfSet(json, "deploy", deploy(s.deploy()));
    } else if (s.limits() != null) {
      json.put("deploy", Map.of("resources", Map.of("limits", limits(s.limits()))));
    }
    ServiceOptionsJson.putIfSet(json, "environment", s.environment());
    if (s.healthcheck() != null) {
      json.put("healthcheck", healthcheck(s.healthcheck()));
    }
    putIfNotNull(json, "image", s.image());
    ServiceOptionsJson.putIfSet(json, "labels", s.labels());
    Map<String, Object> networks = ServiceOptionsJson.networks(s);
    if (!networks.isEmpty()) {
      json.put("networks", networks);
    }
    List<Object> ports = new ArrayList<>();
    s.ports().forEach(p -> ports.add(port(p)));
    ServiceOptionsJson.putIfSet(json, "ports", ports);
    ServiceOptionsJson.putIfSet(json, "profiles", s.profiles());
    putIfNotNull(json, "restart", s.restart());
    List<Object> volumes = new ArrayList<>();
    s.volumes().forEach(v -> volumes.add(volume(v)));
    ServiceOptionsJson.putIfSet(json, "volumes", volumes);
    ServiceOptionsJson.put(json, s.options());
    return json;
  }

  /**
   * As compose-go prints a build: {@code dockerfile} only without {@code dockerfile_inline},
   * shm_size in bytes as a string (its UnitBytes), false flags left out.
   */
  private static Map<String, Object> build(BuildSpec b) {
    Map<String, Object> build = new TreeMap<>();
    build.put("context", b.context().toString());
    putIfNotNull(build, "dockerfile", b.dockerfile());
    putIfNotNull(build, "dockerfile_inline", b.dockerfileInline());
    ServiceOptionsJson.putIfSet(build, "args", b.args());
    putIfNotNull(build, "target", b.target());
    ServiceOptionsJson.putIfSet(build, "labels", b.labels());
    ServiceOptionsJson.putIfSet(build, "tags", b.tags());
    ServiceOptionsJson.putIfSet(build, "cache_from", b.cacheFrom());
    if (b.noCache()) {
      build.put("no_cache", true);
    }
    if (b.pull()) {
      build.put("pull", true);
    }
    putIfNotNull(build, "network", b.network());
    putIfNotNull(build, "shm_size", b.shmSize() == null ? null : String.valueOf(b.shmSize()));
    // compose-go v2 prints hosts as HOST=IP, sorted (its HostsList), which keeps an IPv6 address readable.
    ServiceOptionsJson.putIfSet(build, "extra_hosts", b.extraHosts().stream().map(host -> host.replaceFirst(":", "=")).sorted().toList());
    ServiceOptionsJson.putIfSet(build, "platforms", b.platforms());
    return build;
  }

  /** Indented JSON as {@code docker compose config --format json} prints it. */
  public static String pretty(ComposeProject project) {
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(project(project));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise compose model", e);
    }
  }

  private static Map<String, Object> dependsOn(DependsOn d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("condition", d.condition().composeName());
    json.put("required", d.required());
    if (d.restart()) {
      json.put("restart", true);
    }
    return json;
  }

  private static Map<String, Object> deploy(DeploySpec d) {
    Map<String, Object> json = new TreeMap<>();
    putIfNotNull(json, "replicas", d.replicas());
    if (d.limits() != null) {
      json.put("resources", Map.of("limits", limits(d.limits())));
    }
    putIfNotNull(json, "update_config", update(d.updateConfig()));
    putIfNotNull(json, "rollback_config", update(d.rollbackConfig()));
    putIfNotNull(json, "mode", d.mode());
    if (d.restartPolicy() != null) {
      Map<String, Object> policy = new TreeMap<>();
      putIfNotNull(policy, "condition", d.restartPolicy().condition());
      putIfNotNull(policy, "delay", duration(d.restartPolicy().delay()));
      putIfNotNull(policy, "max_attempts", d.restartPolicy().maxAttempts());
      putIfNotNull(policy, "window", duration(d.restartPolicy().window()));
      json.put("restart_policy", policy);
    }
    if (!d.labels().isEmpty()) {
      json.put("labels", d.labels());
    }
    if (d.placement() != null) {
      Map<String, Object> placement = new TreeMap<>();
      ServiceOptionsJson.putIfSet(placement, "constraints", d.placement().constraints());
      ServiceOptionsJson.putIfSet(placement, "preferences", d.placement().preferences().stream()
          .map(spread -> Map.of("spread", spread)).toList());
      putIfNotNull(placement, "max_replicas_per_node", d.placement().maxReplicasPerNode());
      json.put("placement", placement);
    }
    return json;
  }

  private static Map<String, Object> limits(ResourceLimits limits) {
    Map<String, Object> json = new TreeMap<>();
    if (limits.cpus() != null) {
      double cpus = limits.cpus();
      json.put("cpus", cpus == Math.rint(cpus) ? (Object) (long) cpus : (Object) cpus);
    }
    if (limits.memoryBytes() != null) {
      json.put("memory", String.valueOf(limits.memoryBytes()));
    }
    return json;
  }

  private static Map<String, Object> update(UpdateConfig u) {
    if (u == null) {
      return null;
    }
    Map<String, Object> json = new TreeMap<>();
    putIfNotNull(json, "parallelism", u.parallelism());
    putIfNotNull(json, "delay", duration(u.delay()));
    putIfNotNull(json, "failure_action", u.failureAction());
    putIfNotNull(json, "monitor", duration(u.monitor()));
    putIfNotNull(json, "max_failure_ratio", u.maxFailureRatio());
    putIfNotNull(json, "order", u.order());
    return json;
  }

  private static Map<String, Object> healthcheck(Healthcheck h) {
    Map<String, Object> json = new LinkedHashMap<>();
    ServiceOptionsJson.putIfSet(json, "test", h.test());
    putIfNotNull(json, "timeout", duration(h.timeout()));
    putIfNotNull(json, "interval", duration(h.interval()));
    if (h.retries() > 0) {
      json.put("retries", h.retries());
    }
    putIfNotNull(json, "start_period", duration(h.startPeriod()));
    putIfNotNull(json, "start_interval", duration(h.startInterval()));
    if (h.disabled()) {
      json.put("disable", true);
    }
    return json;
  }

  private static Map<String, Object> port(PortMapping p) {
    Map<String, Object> json = new LinkedHashMap<>();
    putIfNotNull(json, "name", p.name());
    json.put("mode", p.mode());
    if (!p.hostIp().isEmpty()) {
      json.put("host_ip", p.hostIp());
    }
    json.put("target", p.target());
    if (!p.published().isEmpty()) {
      json.put("published", p.published());
    }
    json.put("protocol", p.protocol());
    putIfNotNull(json, "app_protocol", p.appProtocol());
    return json;
  }

  private static Map<String, Object> volume(VolumeMount v) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", v.type());
    if (!v.source().isEmpty()) {
      json.put("source", v.source());
    }
    json.put("target", v.target());
    if (v.readOnly()) {
      json.put("read_only", true);
    }
    VolumeMount.Options o = v.options();
    if (o.propagation() != null || o.selinux() != null || o.createHostPath()) {
      Map<String, Object> bind = new LinkedHashMap<>();
      putIfNotNull(bind, "propagation", o.propagation());
      if (o.createHostPath()) {
        bind.put("create_host_path", true);
      }
      putIfNotNull(bind, "selinux", o.selinux());
      json.put("bind", bind);
    }
    // compose-go's ServiceVolumeVolume: labels, nocopy and subpath, each left out when empty.
    Map<String, Object> volume = new TreeMap<>();
    ServiceOptionsJson.putIfSet(volume, "labels", o.volumeLabels());
    if (o.noCopy()) {
      volume.put("nocopy", true);
    }
    putIfNotNull(volume, "subpath", o.subpath());
    ServiceOptionsJson.putIfSet(json, "volume", volume);
    if (o.tmpfsSize() != null || o.tmpfsMode() != null) {
      Map<String, Object> tmpfs = new LinkedHashMap<>();
      putIfNotNull(tmpfs, "size", o.tmpfsSize());
      putIfNotNull(tmpfs, "mode", o.tmpfsMode());
      json.put("tmpfs", tmpfs);
    }
    return json;
  }

  private static Map<String, Object> network(NetworkSpec n) {
    Map<String, Object> json = resource(n.name(), n.external(), n.driver(), n.driverOpts(), n.labels());
    if (n.internal()) {
      json.put("internal", true);
    }
    if (n.attachable()) {
      json.put("attachable", true);
    }
    if (n.enableIpv6()) {
      json.put("enable_ipv6", true);
    }
    if (n.ipam() != null) {
      Map<String, Object> ipam = new LinkedHashMap<>();
      putIfNotNull(ipam, "driver", n.ipam().driver());
      List<Object> pools = new java.util.ArrayList<>();
      for (NetworkSpec.Pool pool : n.ipam().config()) {
        Map<String, Object> config = new LinkedHashMap<>();
        putIfNotNull(config, "subnet", pool.subnet());
        putIfNotNull(config, "ip_range", pool.ipRange());
        putIfNotNull(config, "gateway", pool.gateway());
        ServiceOptionsJson.putIfSet(config, "aux_addresses", pool.auxAddresses());
        pools.add(config);
      }
      ServiceOptionsJson.putIfSet(ipam, "config", pools);
      ServiceOptionsJson.putIfSet(ipam, "options", n.ipam().options());
      json.put("ipam", ipam);
    }
    return json;
  }

  private static Map<String, Object> resource(
      String name, boolean external, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    if (external) {
      json.put("external", true);
    }
    putIfNotNull(json, "driver", driver);
    ServiceOptionsJson.putIfSet(json, "driver_opts", driverOpts);
    ServiceOptionsJson.putIfSet(json, "labels", labels);
    return json;
  }

  private static String duration(Duration d) {
    return d == null ? null : GoDuration.format(d);
  }

  private static void putIfNotNull(Map<String, Object> json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
