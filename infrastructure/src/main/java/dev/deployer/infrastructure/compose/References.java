package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Checks that a service's named volumes and networks are declared at the top level. */
final class References {

  private References() {}

  static void check(
      ComposeService service,
      Mapping raw,
      Map<String, VolumeSpec> volumes,
      Map<String, NetworkSpec> networks)
      throws ComposeException {
    for (int i = 0; i < service.volumes().size(); i++) {
      VolumeMount mount = service.volumes().get(i);
      if (mount.isNamedVolume() && !volumes.containsKey(mount.source())) {
        throw at(raw.get("volumes"), i)
            .error("service '" + service.name() + "' refers to undefined volume '" + mount.source() + "'");
      }
    }
    for (int i = 0; i < service.networks().size(); i++) {
      String network = service.networks().get(i);
      if (!networks.containsKey(network)) {
        throw at(raw.get("networks"), i)
            .error("service '" + service.name() + "' refers to undefined network '" + network + "'");
      }
    }
  }

  /**
   * Checks the services that {@code network_mode}, {@code ipc}, {@code pid} ({@code service:x}),
   * {@code links} and {@code volumes_from} name exist, and returns them: Compose starts them
   * first, as if listed in {@code depends_on}.
   */
  static Set<String> serviceReferences(ComposeService service, Mapping raw, Set<String> services)
      throws ComposeException {
    Set<String> result = new LinkedHashSet<>();
    ServiceOptions options = service.options();
    reference(raw.get("network_mode"), options.networkMode(), "service:", services, result);
    reference(raw.get("ipc"), options.ipc(), "service:", services, result);
    reference(raw.get("pid"), options.pid(), "service:", services, result);
    for (int i = 0; i < options.links().size(); i++) {
      String link = options.links().get(i);
      int colon = link.indexOf(':');
      reference(at(raw.get("links"), i), "service:" + (colon < 0 ? link : link.substring(0, colon)), "service:",
          services, result);
    }
    for (int i = 0; i < options.volumesFrom().size(); i++) {
      String from = options.volumesFrom().get(i);
      if (!from.startsWith("container:")) {
        reference(at(raw.get("volumes_from"), i), "service:" + from.split(":")[0], "service:", services, result);
      }
    }
    return result;
  }

  private static void reference(YamlValue at, String value, String prefix, Set<String> services, Set<String> result)
      throws ComposeException {
    if (value == null || !value.startsWith(prefix)) {
      return;
    }
    String name = value.substring(prefix.length());
    if (!services.contains(name)) {
      throw at.error("refers to undefined service '" + name + "'");
    }
    result.add(name);
  }

  private static YamlValue at(YamlValue list, int index) {
    if (list instanceof YamlValue.Sequence sequence && index < sequence.items().size()) {
      return sequence.items().get(index);
    }
    if (list instanceof Mapping mapping) {
      return mapping.entries().values().stream().skip(index).findFirst().orElse(list);
    }
    return list;
  }
}
