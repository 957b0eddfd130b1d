package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code depends_on} across the active services: every target must exist and be active
 * (an optional dependency, {@code required: false}, on an inactive or missing one is dropped),
 * and there must be no cycle.
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
    Map<String, ComposeService> result = new LinkedHashMap<>();
    for (ComposeService service : active.values()) {
      Map<String, DependsOn> kept = new LinkedHashMap<>();
      for (Map.Entry<String, DependsOn> dep : service.dependsOn().entrySet()) {
        String target = dep.getKey();
        if (active.containsKey(target)) {
          kept.put(target, dep.getValue());
        } else if (dep.getValue().required()) {
          String reason =
              all.containsKey(target)
                  ? "depends on service '" + target + "', which is not active (profiles "
                      + all.get(target).profiles() + ")"
                  : "depends on undefined service '" + target + "'";
          throw entry(raw, service.name(), target).error(reason);
        }
      }
      result.put(service.name(), withDependsOn(service, kept));
    }
    checkCycles(result, raw);
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
    return dependsOn;
  }

  static ComposeService withDependsOn(ComposeService s, Map<String, DependsOn> dependsOn) {
    return new ComposeService(
        s.name(), s.image(), s.build(), s.command(), s.entrypoint(), s.environment(), s.ports(),
        s.volumes(), s.networks(), dependsOn, s.healthcheck(), s.restart(), s.labels(), s.limits(),
        s.profiles(), s.deploy());
  }

}
