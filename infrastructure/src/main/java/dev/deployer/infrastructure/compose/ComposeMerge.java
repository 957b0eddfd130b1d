package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Location;
import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges Compose YAML trees with compose-go's rules ({@code override/merge.go}): mappings merge
 * key by key, sequences append, scalars are replaced, an empty override keeps the base. The
 * exceptions by path: {@code command}, {@code entrypoint} and {@code healthcheck.test} are
 * replaced; environment, labels, args, dns, tmpfs, sysctls, extra_hosts and env_file append in
 * list form; {@code depends_on} and {@code networks} merge as mappings; {@code build} as a
 * mapping; {@code logging} only when the driver is the same. Merged values keep the location of
 * the file they come from, so later errors name that file and line.
 */
final class ComposeMerge {

  private interface Merger {
    YamlValue merge(YamlValue base, YamlValue override, List<String> path) throws ComposeException;
  }

  private static final Map<String, Merger> SPECIALS = new LinkedHashMap<>();

  static {
    Merger toSequence = (base, override, path) -> toSequence(base, override);
    Merger replace = (base, override, path) -> override;
    for (String path : List.of("networks.*.labels", "volumes.*.labels", "services.*.annotations",
        "services.*.build.args", "services.*.build.additional_contexts", "services.*.build.extra_hosts",
        "services.*.build.labels", "services.*.deploy.labels", "services.*.dns", "services.*.dns_opt",
        "services.*.dns_search", "services.*.env_file", "services.*.label_file", "services.*.environment",
        "services.*.extra_hosts", "services.*.labels", "services.*.sysctls", "services.*.tmpfs")) {
      SPECIALS.put(path, toSequence);
    }
    for (String path : List.of("services.*.command", "services.*.entrypoint", "services.*.healthcheck.test",
        "services.*.ulimits.*")) {
      SPECIALS.put(path, replace);
    }
    SPECIALS.put("services.*.build", (base, override, path) ->
        mappings(asBuild(base), asBuild(override), path, base.location()));
    SPECIALS.put("services.*.depends_on", (base, override, path) ->
        mappings(asMapping(base, true), asMapping(override, true), path, base.location()));
    SPECIALS.put("services.*.networks", (base, override, path) ->
        mappings(asMapping(base, false), asMapping(override, false), path, base.location()));
    SPECIALS.put("services.*.logging", ComposeMerge::logging);
    SPECIALS.put("networks.*.ipam.config", ComposeMerge::ipamConfig);
  }

  private ComposeMerge() {}

  /** {@code override} over {@code base}, both whole Compose files. */
  static Mapping merge(Mapping base, Mapping override) throws ComposeException {
    return (Mapping) merge(base, override, List.of());
  }

  /**
   * A service extending another, as compose-go's {@code ExtendService}: the service's own keys
   * over the base's, with the service rules; the result has the extending service's location.
   */
  static Mapping extend(Mapping base, Mapping service, String name) throws ComposeException {
    return mappings(base, service, List.of("services", name), service.location());
  }

  /**
   * Removes the key paths an overriding document tags {@code !reset} or {@code !override} from the
   * model it is merged into (compose-go's {@code ResetProcessor}); list items cannot be removed.
   */
  static Mapping reset(Mapping model, List<List<String>> paths) {
    Mapping result = model;
    for (List<String> path : paths) {
      result = (Mapping) without(result, path, 0);
    }
    return result;
  }

  private static YamlValue without(YamlValue value, List<String> path, int depth) {
    if (!(value instanceof Mapping mapping) || depth >= path.size() || !mapping.has(path.get(depth))) {
      return value;
    }
    Map<String, YamlValue> entries = new LinkedHashMap<>(mapping.entries());
    String key = path.get(depth);
    if (depth == path.size() - 1) {
      entries.remove(key);
    } else {
      entries.put(key, without(entries.get(key), path, depth + 1));
    }
    return new Mapping(Collections.unmodifiableMap(entries), mapping.location());
  }

  private static YamlValue merge(YamlValue base, YamlValue override, List<String> path)
      throws ComposeException {
    Merger special = special(path);
    if (special != null) {
      return special.merge(base, override, path);
    }
    if (override instanceof Scalar scalar && scalar.isNull()) {
      return base;
    }
    if (base instanceof Mapping mapping) {
      if (!(override instanceof Mapping other)) {
        throw override.error("cannot override a mapping with " + override.kind());
      }
      return mappings(mapping, other, path, mapping.location());
    }
    if (base instanceof Sequence sequence) {
      if (!(override instanceof Sequence other)) {
        throw override.error("cannot override a list with " + override.kind());
      }
      List<YamlValue> items = new ArrayList<>(sequence.items());
      items.addAll(other.items());
      return new Sequence(Collections.unmodifiableList(items), sequence.location());
    }
    return override;
  }

  private static Mapping mappings(Mapping base, Mapping override, List<String> path, Location at)
      throws ComposeException {
    Map<String, YamlValue> entries = new LinkedHashMap<>(base.entries());
    for (Map.Entry<String, YamlValue> entry : override.entries().entrySet()) {
      String key = entry.getKey();
      YamlValue existing = entries.get(key);
      if (existing == null || key.startsWith("x-")) {
        entries.put(key, entry.getValue());
      } else {
        entries.put(key, merge(existing, entry.getValue(), append(path, key)));
      }
    }
    return new Mapping(Collections.unmodifiableMap(entries), at);
  }

  private static Merger special(List<String> path) {
    for (Map.Entry<String, Merger> entry : SPECIALS.entrySet()) {
      if (matches(path, entry.getKey())) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** Whether a key path matches a dotted pattern where {@code *} stands for any one key. */
  static boolean matches(List<String> path, String pattern) {
    String[] parts = pattern.split("\\.");
    if (parts.length != path.size()) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].equals("*") && !parts[i].equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> append(List<String> path, String key) {
    List<String> next = new ArrayList<>(path);
    next.add(key);
    return next;
  }

  /** Both sides in list form ({@code KEY=value}, mappings sorted as compose-go does), appended. */
  private static YamlValue toSequence(YamlValue base, YamlValue override) throws ComposeException {
    List<YamlValue> items = new ArrayList<>(asSequence(base));
    items.addAll(asSequence(override));
    return new Sequence(Collections.unmodifiableList(items), base.location());
  }

  private static List<YamlValue> asSequence(YamlValue value) throws ComposeException {
    if (value instanceof Sequence sequence) {
      return sequence.items();
    }
    if (value instanceof Mapping mapping) {
      List<YamlValue> items = new ArrayList<>();
      for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
        YamlValue item = entry.getValue();
        if (!(item instanceof Scalar scalar)) {
          throw item.error("must be a string, not " + item.kind());
        }
        String text = scalar.isNull() ? entry.getKey() : entry.getKey() + "=" + scalar.value();
        items.add(new Scalar(text, item.location()));
      }
      items.sort(Comparator.comparing(item -> ((Scalar) item).value()));
      return items;
    }
    if (value instanceof Scalar scalar && scalar.isNull()) {
      return List.of();
    }
    return List.of(value);
  }

  /**
   * A list of names as a mapping: for {@code depends_on} each with compose-go's defaults
   * (condition service_started, required true), for {@code networks} with no settings.
   */
  private static Mapping asMapping(YamlValue value, boolean dependsOn) throws ComposeException {
    if (!(value instanceof Sequence sequence)) {
      return Nodes.mappingOrEmpty(value);
    }
    Map<String, YamlValue> entries = new LinkedHashMap<>();
    for (YamlValue item : sequence.items()) {
      Location at = item.location();
      entries.put(Nodes.string(item), dependsOn
          ? new Mapping(Map.of("condition", new Scalar("service_started", at), "required", new Scalar("true", at)), at)
          : new Scalar(null, at));
    }
    return new Mapping(Collections.unmodifiableMap(entries), value.location());
  }

  private static Mapping asBuild(YamlValue value) throws ComposeException {
    if (value instanceof Scalar scalar && !scalar.isNull()) {
      return new Mapping(Map.of("context", scalar), value.location());
    }
    return Nodes.mappingOrEmpty(value);
  }

  /** compose-go mergeLogging: options merge only when both name the same driver, or one none. */
  private static YamlValue logging(YamlValue base, YamlValue override, List<String> path) throws ComposeException {
    Mapping config = Nodes.mappingOrEmpty(base);
    Mapping other = Nodes.mappingOrEmpty(override);
    String driver = Nodes.optionalString(config.get("driver"));
    String otherDriver = Nodes.optionalString(other.get("driver"));
    if (driver == null || otherDriver == null || driver.equals(otherDriver)) {
      return mappings(config, other, path, config.location());
    }
    return other;
  }

  /** compose-go mergeIPAMConfig: pools with the same subnet merge, others are added. */
  private static YamlValue ipamConfig(YamlValue base, YamlValue override, List<String> path) throws ComposeException {
    List<YamlValue> pools = new ArrayList<>(Nodes.sequence(base).items());
    for (YamlValue item : Nodes.sequence(override).items()) {
      Mapping pool = Nodes.mapping(item);
      String subnet = Nodes.optionalString(pool.get("subnet"));
      int same = -1;
      for (int i = 0; i < pools.size(); i++) {
        if (pools.get(i) instanceof Mapping existing && subnet != null
            && subnet.equals(Nodes.optionalString(existing.get("subnet")))) {
          same = i;
        }
      }
      if (same < 0) {
        pools.add(pool);
      } else {
        Mapping existing = (Mapping) pools.get(same);
        pools.set(same, mappings(existing, pool, path, existing.location()));
      }
    }
    return new Sequence(Collections.unmodifiableList(pools), base.location());
  }
}
