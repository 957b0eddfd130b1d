package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Top-level {@code volumes} and {@code networks}. The engine name is the explicit {@code name},
 * else the key itself for an external resource, else {@code <project>_<key>}. Every key read here
 * is applied when the resource is created; any other key is an error.
 */
final class ResourceParser {

  private static final Set<String> VOLUME_KEYS = Set.of("name", "external", "driver", "driver_opts", "labels");
  private static final Set<String> NETWORK_KEYS = Set.of("name", "external", "driver", "driver_opts", "labels",
      "internal", "attachable", "ipam", "enable_ipv6");
  private static final Set<String> POOL_KEYS = Set.of("subnet", "ip_range", "gateway", "aux_addresses");
  private static final List<String> SOURCES = List.of("file", "environment", "content", "external");
  private static final Set<String> SECRET_KEYS = Set.of("name", "file", "environment", "external", "labels", "driver",
      "driver_opts", "template_driver");
  private static final Set<String> CONFIG_KEYS = Set.of("name", "file", "environment", "content", "external",
      "labels", "template_driver");
  /** What an external resource cannot set: the engine does not create it. */
  private static final List<String> CREATION_KEYS =
      List.of("driver", "driver_opts", "labels", "internal", "attachable", "ipam", "enable_ipv6");

  private final String project;

  ResourceParser(String project) {
    this.project = project;
  }

  Map<String, VolumeSpec> volumes(YamlValue value) throws ComposeException {
    Map<String, VolumeSpec> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    for (Map.Entry<String, YamlValue> entry : Nodes.mappingOrEmpty(value).entries().entrySet()) {
      Mapping mapping = Nodes.mappingOrEmpty(entry.getValue());
      Nodes.allowKeys(mapping, VOLUME_KEYS);
      boolean external = external("volume", entry.getKey(), mapping);
      result.put(entry.getKey(), new VolumeSpec(name(entry.getKey(), mapping, external),
          external, Nodes.optionalString(mapping.get("driver")), driverOpts(mapping), labels(mapping)));
    }
    return result;
  }

  /**
   * The declared networks, plus the implicit {@code default} network when not declared; {@link
   * #withoutUnusedDefault} drops that one again when no service joins it.
   */
  Map<String, NetworkSpec> networks(YamlValue value) throws ComposeException {
    Map<String, NetworkSpec> result = new LinkedHashMap<>();
    if (value != null) {
      for (Map.Entry<String, YamlValue> entry : Nodes.mappingOrEmpty(value).entries().entrySet()) {
        Mapping mapping = Nodes.mappingOrEmpty(entry.getValue());
        SpecKeys.check(mapping, NETWORK_KEYS, SpecKeys.NETWORK);
        boolean external = external("network", entry.getKey(), mapping);
        result.put(entry.getKey(), new NetworkSpec(name(entry.getKey(), mapping, external), external,
            Nodes.optionalString(mapping.get("driver")), driverOpts(mapping), labels(mapping),
            Nodes.bool(mapping.get("internal"), false), Nodes.bool(mapping.get("attachable"), false),
            ipam(mapping.get("ipam")), Nodes.bool(mapping.get("enable_ipv6"), false)));
      }
    }
    result.putIfAbsent("default", new NetworkSpec(project + "_default", false, null, Map.of(), Map.of(), false, false));
    return result;
  }

  /** Compose creates the implicit default network only when a service joins it. */
  static Map<String, NetworkSpec> withoutUnusedDefault(Map<String, NetworkSpec> networks, YamlValue declared,
      Collection<ComposeService> services) {
    boolean isDeclared = declared instanceof Mapping mapping && mapping.has("default");
    if (isDeclared || services.stream().anyMatch(s -> s.effectiveNetworks().contains("default"))) {
      return networks;
    }
    Map<String, NetworkSpec> result = new LinkedHashMap<>(networks);
    result.remove("default");
    return result;
  }

  /**
   * Top-level {@code secrets} (or {@code configs}, which may also give {@code content}): each key's
   * one source, a file resolved against the project directory, an environment variable's value
   * from {@code environment}, inline content, or {@code external}. Drivers and templating are
   * modelled here and honoured or refused by each target.
   */
  Map<String, FileSource> fileSources(YamlValue value, String kind, java.nio.file.Path projectDir,
      java.util.function.Function<String, String> environment) throws ComposeException {
    Map<String, FileSource> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    boolean secret = kind.equals("secret");
    for (Map.Entry<String, YamlValue> entry : Nodes.mappingOrEmpty(value).entries().entrySet()) {
      Mapping mapping = Nodes.mapping(entry.getValue());
      Nodes.allowKeys(mapping, secret ? SECRET_KEYS : CONFIG_KEYS);
      List<String> sources = SOURCES.stream().filter(mapping::has).toList();
      if (sources.size() != 1) {
        throw mapping.error(kind + " '" + entry.getKey() + "' needs exactly one of " + String.join(", ",
            secret ? SOURCES.stream().filter(s -> !s.equals("content")).toList() : SOURCES)
            + (sources.isEmpty() ? "" : "; it sets " + String.join(" and ", sources)));
      }
      String source = sources.get(0);
      boolean external = source.equals("external") && external(kind, entry.getKey(), mapping);
      if (source.equals("external") && !external) {
        throw mapping.get("external").error(kind + " '" + entry.getKey() + "' with external: false needs a file,"
            + " environment" + (secret ? "" : " or content") + " instead");
      }
      if (external) {
        for (String creationKey : List.of("labels", "driver", "driver_opts", "template_driver")) {
          if (mapping.has(creationKey)) {
            throw mapping.get(creationKey).error("external " + kind + " '" + entry.getKey() + "' cannot also set "
                + creationKey + " (the engine does not create it)");
          }
        }
      }
      FileSource.Kind sourceKind = switch (source) {
        case "file" -> FileSource.Kind.FILE;
        case "environment" -> FileSource.Kind.ENVIRONMENT;
        case "content" -> FileSource.Kind.CONTENT;
        default -> FileSource.Kind.EXTERNAL;
      };
      String variable = sourceKind == FileSource.Kind.ENVIRONMENT ? Nodes.string(mapping.get("environment")) : null;
      String content = switch (sourceKind) {
        case ENVIRONMENT -> environment.apply(variable);
        case CONTENT -> Nodes.string(mapping.get("content"));
        default -> null;
      };
      result.put(entry.getKey(), new FileSource(entry.getKey(), name(entry.getKey(), mapping, external), sourceKind,
          sourceKind == FileSource.Kind.FILE ? projectDir.resolve(Nodes.string(mapping.get("file"))).normalize() : null,
          variable, content, labels(mapping), Nodes.optionalString(mapping.get("driver")), driverOpts(mapping),
          Nodes.optionalString(mapping.get("template_driver"))));
    }
    return result;
  }

  private static NetworkSpec.Ipam ipam(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    Mapping ipam = Nodes.mapping(value);
    Nodes.allowKeys(ipam, Set.of("driver", "config", "options"));
    List<NetworkSpec.Pool> pools = new java.util.ArrayList<>();
    if (ipam.has("config")) {
      for (YamlValue item : Nodes.sequence(ipam.get("config")).items()) {
        Mapping pool = Nodes.mapping(item);
        Nodes.allowKeys(pool, POOL_KEYS);
        pools.add(new NetworkSpec.Pool(Nodes.optionalString(pool.get("subnet")),
            Nodes.optionalString(pool.get("ip_range")), Nodes.optionalString(pool.get("gateway")),
            pool.has("aux_addresses") ? Nodes.keyValues(pool.get("aux_addresses"), k -> null) : Map.of()));
      }
    }
    return new NetworkSpec.Ipam(Nodes.optionalString(ipam.get("driver")), pools,
        ipam.has("options") ? Nodes.keyValues(ipam.get("options"), k -> null) : Map.of());
  }

  /** {@code external: true}, or the deprecated {@code external: {name: x}} that also names it. */
  private static boolean external(String kind, String key, Mapping mapping) throws ComposeException {
    if (mapping.get("external") instanceof Mapping legacy) {
      Nodes.allowKeys(legacy, Set.of("name"));
      return true;
    }
    boolean external = Nodes.bool(mapping.get("external"), false);
    if (external) {
      for (String creationKey : CREATION_KEYS) {
        if (mapping.has(creationKey)) {
          throw mapping.get(creationKey).error(
              "external " + kind + " '" + key + "' cannot also set " + creationKey + " (the engine does not create it)");
        }
      }
    }
    return external;
  }

  private String name(String key, Mapping mapping, boolean external) throws ComposeException {
    String name = Nodes.optionalString(mapping.get("name"));
    if (name == null && mapping.get("external") instanceof Mapping legacy) {
      name = Nodes.optionalString(legacy.get("name"));
    }
    if (name == null || name.isEmpty()) {
      return external ? key : project + "_" + key;
    }
    return name;
  }

  private static Map<String, String> labels(Mapping mapping) throws ComposeException {
    return mapping.has("labels") ? Nodes.keyValues(mapping.get("labels"), k -> "") : Map.of();
  }

  /** Driver options are a mapping of strings (numbers allowed, as Compose does). */
  private static Map<String, String> driverOpts(Mapping mapping) throws ComposeException {
    YamlValue value = mapping.get("driver_opts");
    Map<String, String> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    for (Map.Entry<String, YamlValue> entry : Nodes.mappingOrEmpty(value).entries().entrySet()) {
      result.put(entry.getKey(), Nodes.string(entry.getValue()));
    }
    return result;
  }
}
