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
  public static final KeyPlaces NONE = new KeyPlaces(Map.of());

  /** By service, then by path relative to the service ({@code deploy.placement}, {@code ports[0].mode}). */
  private final Map<String, Map<String, Key>> keys;

  private KeyPlaces(Map<String, Map<String, Key>> keys) {
    this.keys = keys;
  }

  /** The keys under each of {@code services} (after include, extends and merges), by service name. */
  static KeyPlaces of(Mapping services, Collection<String> names) {
    Map<String, Map<String, Key>> keys = new LinkedHashMap<>();
    for (String name : names) {
      Map<String, Key> service = new LinkedHashMap<>();
      if (services.get(name) instanceof Mapping mapping) {
        walk(name, "", mapping, service);
      }
      keys.put(name, Collections.unmodifiableMap(service));
    }
    return new KeyPlaces(Collections.unmodifiableMap(keys));
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
    Pattern regex = Pattern.compile(Pattern.quote(pattern).replace("[*]", "\\E\\[\\d+\\]\\Q").replace("*", "\\E[^.\\[]+\\Q"));
    List<Key> found = new ArrayList<>();
    for (Key key : keys.getOrDefault(service, Map.of()).values()) {
      if (regex.matcher(key.path()).matches()) {
        found.add(key);
      }
    }
    return found;
  }
}
