package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code depends_on}: every target must be a service of the file, there must be no cycle,
 * and an active service may only depend on an inactive one (left out by profiles) when the
 * dependency is optional ({@code required: false}); such a dependency is dropped.
 */
final class DependencyGraph {

  private DependencyGraph() {}

  /**
   * @param all every service in the file, active or not
   * @param active the services selected by the profiles, in file order
   * @param raw the services' YAML, to name the line of a bad entry
   * @return the active services with optional dependencies on inactive services removed
   */
  static Map<String, ComposeService> resolve(
      Map<String, ComposeService> all,
      Map<String, ComposeService> active,
      Mapping raw)
      throws ComposeException {
    for (ComposeService service : all.values()) {
      for (String target : service.dependsOn().keySet()) {
        if (!all.containsKey(target)) {
          throw entry(raw, service.name(), target)
              .error("service '" + service.name() + "' depends on undefined service '" + target + "'");
        }
      }
    }
    checkCycles(all, raw);
    Map<String, ComposeService> result = new LinkedHashMap<>();
    for (ComposeService service : active.values()) {
      Map<String, DependsOn> kept = new LinkedHashMap<>();
      for (Map.Entry<String, DependsOn> dep : service.dependsOn().entrySet()) {
        String target = dep.getKey();
        if (active.containsKey(target)) {
          kept.put(target, dep.getValue());
        } else if (dep.getValue().required()) {
          throw entry(raw, service.name(), target)
              .error("service '" + service.name() + "' depends on '" + target
                  + "', which is not active: enable one of its profiles " + all.get(target).profiles()
                  + " or set required: false");
        }
      }
      result.put(service.name(), withDependsOn(service, kept));
    }
    return result;
  }

  private static void checkCycles(Map<String, ComposeService> services, Mapping raw)
      throws ComposeException {
    Map<String, Integer> state = new LinkedHashMap<>(); // 1 = visiting, 2 = done
    for (String name : services.keySet()) {
      List<String> path = new ArrayList<>();
      String cycleStart = visit(name, services, state, path);
      if (cycleStart != null) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(cycleStart), path.size()));
        cycle.add(cycleStart);
        String last = cycle.get(cycle.size() - 2);
        throw entry(raw, last, cycleStart)
            .error("dependency cycle: " + String.join(" -> ", cycle));
      }
    }
  }

  /** Depth-first; returns the service at which a cycle closes, leaving the path in {@code path}. */
  private static String visit(
      String name, Map<String, ComposeService> services, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(name);
    if (seen != null) {
      return seen == 1 ? name : null;
    }
    state.put(name, 1);
    path.add(name);
    for (String dep : services.get(name).dependsOn().keySet()) {
      String cycle = visit(dep, services, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    state.put(name, 2);
    return null;
  }

  private static YamlValue entry(Mapping raw, String service, String target) {
    Mapping serviceNode = (Mapping) raw.get(service);
    YamlValue dependsOn = serviceNode.get("depends_on");
    if (dependsOn instanceof Mapping mapping && mapping.has(target)) {
      return mapping.get(target);
    }
    if (dependsOn instanceof YamlValue.Sequence sequence) {
      for (YamlValue item : sequence.items()) {
        if (item instanceof YamlValue.Scalar s && target.equals(s.value())) {
          return item;
        }
      }
    }
    return dependsOn != null ? dependsOn : serviceNode;
  }

  static ComposeService withDependsOn(ComposeService s, Map<String, DependsOn> dependsOn) {
    return new ComposeService(
        s.name(), s.image(), s.build(), s.command(), s.entrypoint(), s.environment(), s.ports(),
        s.volumes(), s.networks(), dependsOn, s.healthcheck(), s.restart(), s.labels(), s.limits(),
        s.profiles(), s.deploy(), s.options());
  }

}
