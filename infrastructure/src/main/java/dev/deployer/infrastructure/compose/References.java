package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.Map;

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
