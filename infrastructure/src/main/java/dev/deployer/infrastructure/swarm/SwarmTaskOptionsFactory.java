package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DeploySpec;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.engine.SwarmTaskOptions;
import java.util.List;

/**
 * A Compose service's keys as its Swarm tasks take them, the way {@code docker stack deploy}
 * converts them: {@code extra_hosts} as {@code IP HOST} lines, {@code logging} as the task's log
 * driver, {@code deploy.restart_policy} (or {@code restart: on-failure:N}) as the restart policy's
 * delay, attempts and window, {@code deploy.resources.reservations} as the reservation.
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
        o.cpuReservation(), o.memoryReservation());
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
