package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where each key of the active services was set (file, line, key path), with a scalar's value: a
 * deploy target refuses what it cannot honour after loading, and must still name the place.
 */
public final class KeyPlaces {

  /** A key as the file set it; {@code value} is null unless it is a scalar. */
  public record Key(String service, String path, FilePlace place, String value) {}

  /** No places known (a project rebuilt from a release, or made in a test). */
  public static final KeyPlaces NONE = new KeyPlaces(Map.of(), Map.of());

  /** The top-level sections whose keys a target may refuse, besides the services'. */
  private static final List<String> TOP_LEVEL = List.of("networks", "volumes", "secrets", "configs", "models");

  /** By service, then by path relative to the service ({@code deploy.placement}, {@code ports[0].mode}). */
  private final Map<String, Map<String, Key>> keys;

  /** By path from the file's top ({@code networks.back.enable_ipv4}); the key's service is null. */
  private final Map<String, Key> topLevel;

  private KeyPlaces(Map<String, Map<String, Key>> keys, Map<String, Key> topLevel) {
    this.keys = keys;
    this.topLevel = topLevel;
  }

  /**
   * The keys under each of the file's {@code services} named in {@code names} (after include,
   * extends and merges), by service name,
   * and those of its top-level networks, volumes, secrets, configs and models.
   */
  static KeyPlaces of(Mapping top, Collection<String> names) {
    YamlValue services = top.get("services");
    Map<String, Map<String, Key>> keys = new LinkedHashMap<>();
    for (String name : names) {
      Map<String, Key> service = new LinkedHashMap<>();
      if (services instanceof Mapping mapping && mapping.get(name) instanceof Mapping serviceMapping) {
        walk(name, "", serviceMapping, service);
      }
      keys.put(name, Collections.unmodifiableMap(service));
    }
    Map<String, Key> topLevel = new LinkedHashMap<>();
    for (String section : TOP_LEVEL) {
      if (top.get(section) != null) {
        add(null, section, top.get(section), topLevel);
      }
    }
    return new KeyPlaces(Collections.unmodifiableMap(keys), Collections.unmodifiableMap(topLevel));
  }

  private static void walk(String service, String prefix, YamlValue value, Map<String, Key> into) {
    if (value instanceof Mapping mapping) {
      for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
        String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
        add(service, path, entry.getValue(), into);
      }
    } else if (value instanceof Sequence sequence) {
      for (int i = 0; i < sequence.items().size(); i++) {
        add(service, prefix + "[" + i + "]", sequence.items().get(i), into);
      }
    }
  }

  private static void add(String service, String path, YamlValue value, Map<String, Key> into) {
    YamlValue.Location at = value.location();
    into.put(path, new Key(service, path, new FilePlace(at.file(), at.line(), at.path()),
        value instanceof Scalar scalar ? scalar.value() : null));
    walk(service, path, value, into);
  }

  /**
   * The keys of {@code service} whose path matches {@code pattern}, in file order: {@code *} stands
   * for one key ({@code networks.*.ipv4_address}), {@code [*]} for any item ({@code ports[*].mode}).
   */
  public List<Key> find(String service, String pattern) {
    return matching(keys.getOrDefault(service, Map.of()).values(), pattern);
  }

  /** The top-level keys whose path matches {@code pattern} ({@code networks.*.enable_ipv4}), in file order. */
  public List<Key> findTopLevel(String pattern) {
    return matching(topLevel.values(), pattern);
  }

  private static List<Key> matching(Collection<Key> keys, String pattern) {
    Pattern regex = Pattern.compile(Pattern.quote(pattern).replace("[*]", "\\E\\[\\d+\\]\\Q").replace("*", "\\E[^.\\[]+\\Q"));
    List<Key> found = new ArrayList<>();
    for (Key key : keys) {
      if (regex.matcher(key.path()).matches()) {
        found.add(key);
      }
    }
    return found;
  }
}
