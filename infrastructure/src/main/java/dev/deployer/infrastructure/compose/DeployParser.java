package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code deploy} section: resources.limits (cpus, memory), replicas, update_config,
 * rollback_config, mode, labels and placement (which only the Swarm target applies);
 * endpoint_mode is checked for shape only.
 */
final class DeployParser {

  private static final Set<String> KEYS = Set.of("resources", "replicas", "update_config", "rollback_config", "mode",
      "restart_policy", "endpoint_mode", "labels", "placement");
  private static final Set<String> MODES = Set.of("replicated", "global", "replicated-job", "global-job");
  private static final Set<String> RESTART_KEYS = Set.of("condition", "delay", "max_attempts", "window");
  private static final Set<String> UPDATE_KEYS =
      Set.of("parallelism", "delay", "order", "failure_action", "monitor", "max_failure_ratio");
  /** go-units RAMInBytes: binary multiples, optional i/b suffix, any case. */
  private static final Pattern MEMORY =
      Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?", Pattern.CASE_INSENSITIVE);

  private DeployParser() {}

  static DeploySpec parse(YamlValue value) throws ComposeException {
    Mapping mapping = Nodes.mapping(value);
    Nodes.allowKeys(mapping, KEYS);
    // Swarm-only keys are read here and judged per target by its pre-deployment checks.
    String mode = oneOf(mapping.get("mode"), MODES);
    oneOf(mapping.get("endpoint_mode"), Set.of("vip", "dnsrr"));
    Integer replicas = Nodes.optionalInteger(mapping.get("replicas"));
    if (replicas != null && replicas < 0) {
      throw mapping.get("replicas").error("must not be negative");
    }
    return new DeploySpec(
        replicas,
        update(mapping.get("update_config")),
        update(mapping.get("rollback_config")),
        limits(mapping.get("resources")),
        mode,
        mapping.has("labels") ? Nodes.keyValues(mapping.get("labels"), key -> "") : Map.of(),
        placement(mapping.get("placement")),
        restart(mapping.get("restart_policy")));
  }

  private static DeploySpec.RestartPolicy restart(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    Mapping policy = Nodes.mapping(value);
    Nodes.allowKeys(policy, RESTART_KEYS);
    Integer attempts = Nodes.optionalInteger(policy.get("max_attempts"));
    if (attempts != null && attempts < 0) {
      throw policy.get("max_attempts").error("must not be negative");
    }
    return new DeploySpec.RestartPolicy(oneOf(policy.get("condition"), Set.of("none", "on-failure", "any")),
        Nodes.duration(policy.get("delay")), attempts, Nodes.duration(policy.get("window")));
  }

  private static DeploySpec.Placement placement(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    Mapping mapping = Nodes.mapping(value);
    Nodes.allowKeys(mapping, Set.of("constraints", "preferences", "max_replicas_per_node"));
    List<String> preferences = new java.util.ArrayList<>();
    if (mapping.get("preferences") != null) {
      for (YamlValue item : Nodes.sequence(mapping.get("preferences")).items()) {
        Mapping preference = Nodes.mapping(item);
        Nodes.allowKeys(preference, Set.of("spread"));
        preferences.add(Nodes.string(preference.get("spread")));
      }
    }
    Integer max = Nodes.optionalInteger(mapping.get("max_replicas_per_node"));
    if (max != null && max < 1) {
      throw mapping.get("max_replicas_per_node").error("must be at least 1");
    }
    return new DeploySpec.Placement(
        mapping.get("constraints") == null ? List.of() : Nodes.stringList(mapping.get("constraints")),
        preferences, max);
  }

  private static ResourceLimits limits(YamlValue resources) throws ComposeException {
    if (resources == null) {
      return null;
    }
    Mapping mapping = Nodes.mapping(resources);
    Nodes.allowKeys(mapping, Set.of("limits", "reservations"));
    if (mapping.get("limits") == null) {
      return null;
    }
    Mapping limits = Nodes.mapping(mapping.get("limits"));
    Nodes.allowKeys(limits, Set.of("cpus", "memory", "pids"));
    Double cpus = null;
    if (limits.get("cpus") != null) {
      cpus = Nodes.number(limits.get("cpus"));
      if (cpus <= 0) {
        throw limits.get("cpus").error("must be more than 0");
      }
    }
    Long memory = limits.get("memory") == null ? null : memoryBytes(limits.get("memory"));
    return new ResourceLimits(cpus, memory);
  }

  /**
   * {@code deploy.resources.reservations} (cpus, memory) and {@code limits.pids}; null when the
   * section sets none of them.
   */
  static ServiceOptionsParser.ReservationSpec reservations(YamlValue deploy) throws ComposeException {
    if (!(deploy instanceof Mapping mapping) || !(mapping.get("resources") instanceof Mapping resources)) {
      return null;
    }
    Long pids = null;
    if (resources.get("limits") instanceof Mapping limits && limits.has("pids")) {
      pids = (long) Nodes.integer(limits.get("pids"));
    }
    Double cpus = null;
    Long memory = null;
    if (resources.get("reservations") != null) {
      Mapping reservations = Nodes.mapping(resources.get("reservations"));
      Nodes.allowKeys(reservations, Set.of("cpus", "memory", "generic_resources", "devices"));
      cpus = reservations.has("cpus") ? Nodes.number(reservations.get("cpus")) : null;
      memory = reservations.has("memory") ? memoryBytes(reservations.get("memory")) : null;
    }
    return new ServiceOptionsParser.ReservationSpec(cpus, memory, pids);
  }

  /**
   * {@code deploy.restart_policy} as a container restart policy, as Compose maps it: none to
   * {@code no}, any to {@code always}, on-failure with max_attempts to {@code on-failure:N};
   * null without one. Delay and window have no container equivalent: the single-host targets refuse
   * them in their pre-deployment checks.
   */
  static String restartPolicy(YamlValue deploy) throws ComposeException {
    if (!(deploy instanceof Mapping mapping) || mapping.get("restart_policy") == null) {
      return null;
    }
    Mapping policy = Nodes.mapping(mapping.get("restart_policy"));
    Nodes.allowKeys(policy, RESTART_KEYS);
    String condition = policy.has("condition") ? Nodes.string(policy.get("condition")) : "any";
    Integer attempts = Nodes.optionalInteger(policy.get("max_attempts"));
    return switch (condition) {
      case "none" -> "no";
      case "any" -> "always";
      case "on-failure" -> attempts == null || attempts == 0 ? "on-failure" : "on-failure:" + attempts;
      default -> throw policy.get("condition").error("must be none, on-failure or any, not '" + condition + "'");
    };
  }

  static long memoryBytes(YamlValue value) throws ComposeException {
    String text = Nodes.string(value);
    Matcher m = MEMORY.matcher(text.strip());
    if (!m.matches()) {
      throw value.error("invalid memory size '" + text + "' (e.g. 512M, 1g, 1.5GB)");
    }
    int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    return bytes.longValue();
  }

  private static UpdateConfig update(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    Mapping mapping = Nodes.mapping(value);
    Nodes.allowKeys(mapping, UPDATE_KEYS);
    String order = oneOf(mapping.get("order"), Set.of("start-first", "stop-first"));
    String failureAction =
        oneOf(mapping.get("failure_action"), Set.of("continue", "rollback", "pause"));
    Double ratio = null;
    if (mapping.get("max_failure_ratio") != null) {
      ratio = Nodes.number(mapping.get("max_failure_ratio"));
    }
    return new UpdateConfig(
        Nodes.optionalInteger(mapping.get("parallelism")),
        Nodes.duration(mapping.get("delay")),
        order,
        failureAction,
        Nodes.duration(mapping.get("monitor")),
        ratio);
  }

  private static String oneOf(YamlValue value, Set<String> allowed) throws ComposeException {
    if (value == null) {
      return null;
    }
    String text = Nodes.string(value);
    if (!allowed.contains(text)) {
      throw value.error("must be one of " + new TreeSet<>(allowed) + ", not '" + text + "'");
    }
    return text;
  }
}
