package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DeploySpec;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.engine.SwarmTaskOptions;
import dev.deployer.infrastructure.engine.ContainerSpec;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Compose service's keys as its Swarm tasks take them, the way {@code docker stack deploy}
 * converts them: {@code extra_hosts} as {@code IP HOST} lines, {@code logging} as the task's log
 * driver, {@code deploy.restart_policy} (or {@code restart: on-failure:N}) as the restart policy's
 * delay, attempts and window, {@code deploy.resources.reservations} (cpus, memory, generic
 * resources) as the reservation, {@code cap_add} and {@code cap_drop} as the effective
 * capabilities, {@code sysctls}, {@code ulimits}, {@code pids_limit} (or {@code
 * deploy.resources.limits.pids}) as the limit of processes, {@code group_add} as the groups, and
 * {@code platform} as the placement platform (its OS and architecture, which is what a node
 * reports; the loader's checks refuse a variant).
 */
final class SwarmTaskOptionsFactory {

  private SwarmTaskOptionsFactory() {}

  static SwarmTaskOptions options(ComposeService service) {
    ServiceOptions o = service.options();
    DeploySpec.RestartPolicy restart = service.deploy() == null ? null : service.deploy().restartPolicy();
    return new SwarmTaskOptions(o.hostname(), o.user(), o.workingDir(), o.stopSignal(), o.readOnly(), o.init(),
        o.tty(), o.stdinOpen(), hosts(o.extraHosts()), o.dns(), o.dnsSearch(), o.dnsOpt(),
        o.logging() == null ? null : new SwarmTaskOptions.LogDriver(o.logging().driver(), o.logging().options()),
        restart == null ? null : restart.delay(),
        restart != null ? restart.maxAttempts() : attempts(service.restart()),
        restart == null ? null : restart.window(),
        o.cpuReservation(), o.memoryReservation(), kernel(o),
        o.extended().genericResources().stream()
            .map(r -> new SwarmTaskOptions.GenericResource(r.kind(), r.value())).toList(),
        platform(o.extended().platform()));
  }

  private static SwarmTaskOptions.Kernel kernel(ServiceOptions o) {
    Set<String> add = capabilities(o.capAdd());
    Set<String> drop = capabilities(o.capDrop());
    drop.removeAll(add);
    return new SwarmTaskOptions.Kernel(List.copyOf(add), List.copyOf(drop), o.sysctls(),
        o.ulimits().entrySet().stream()
            .map(e -> new ContainerSpec.Ulimit(e.getKey(), e.getValue().soft(), e.getValue().hard())).toList(),
        o.pidsLimit(), o.groupAdd());
  }

  /**
   * Capabilities as {@code docker stack deploy} sends them: upper case with a {@code CAP_} prefix,
   * sorted, and {@code ALL} alone when given; one both added and dropped is only added.
   */
  static Set<String> capabilities(List<String> names) {
    Set<String> result = new TreeSet<>();
    for (String name : names) {
      String upper = name.strip().toUpperCase(Locale.ROOT);
      result.add(upper.equals("ALL") || upper.startsWith("CAP_") ? upper : "CAP_" + upper);
    }
    return result.contains("ALL") ? new TreeSet<>(Set.of("ALL")) : result;
  }

  /** {@code os/arch[/variant]} as the OS and architecture a node must have. */
  private static SwarmTaskOptions.Platform platform(String platform) {
    if (platform == null) {
      return null;
    }
    String[] parts = platform.split("/");
    return new SwarmTaskOptions.Platform(parts[0], parts[1]);
  }

  /** {@code HOST:IP} (as the loader keeps {@code extra_hosts}) as {@code IP HOST}, an IPv6 address without brackets. */
  static List<String> hosts(List<String> extraHosts) {
    return extraHosts.stream().map(entry -> {
      int colon = entry.indexOf(':');
      String ip = entry.substring(colon + 1);
      if (ip.startsWith("[") && ip.endsWith("]")) {
        ip = ip.substring(1, ip.length() - 1);
      }
      return ip + " " + entry.substring(0, colon);
    }).toList();
  }

  /** The N of {@code restart: on-failure:N}; null for any other policy. */
  private static Integer attempts(String restart) {
    return restart != null && restart.startsWith("on-failure:")
        ? Integer.valueOf(restart.substring("on-failure:".length())) : null;
  }
}
