package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.SwarmServiceSpec;
import dev.deployer.infrastructure.proxy.HaproxyConfigs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stack's front door where Swarm's routing mesh is not available: one HAProxy service that
 * publishes every published port of the stack on its node and balances over the tasks of the
 * service behind it. It finds the tasks through the engine's DNS (every second) and sends traffic
 * only to tasks that pass their health check, retrying a failed attempt on another task, so a
 * rolling update with {@code order: start-first} loses no request.
 */
public final class EdgeProxy {

  /** The Compose-style name of the edge service in its stack. */
  public static final String SERVICE = "edge";

  static final String MANAGER = "node.role == manager";

  private EdgeProxy() {}

  /**
   * One published port: the edge listens on {@code published} and forwards to {@code target} on the
   * tasks of {@code service}, checking {@code healthPath} over HTTP, or the TCP connection when null.
   */
  public record Route(String service, int published, int target, String healthPath, int servers) {}

  /**
   * The least room a global service gets in the edge; servers the edge finds no task for are idle.
   * It grows in powers of two with the swarm, so that the edge's configuration (and the edge) stays
   * the same while nodes come and go.
   */
  private static final int GLOBAL_TASKS = 8;

  /** {@link #routes(ComposeProject, SwarmSettings, String, int)} where the swarm's size does not matter. */
  public static List<Route> routes(ComposeProject project, SwarmSettings settings, String healthPathLabel) {
    return routes(project, settings, healthPathLabel, 0);
  }

  /**
   * Every port the stack publishes, for the services whose ports are published on Swarm; a global
   * service runs a task on each of the swarm's {@code nodes} (0: unknown).
   */
  public static List<Route> routes(ComposeProject project, SwarmSettings settings, String healthPathLabel,
      int nodes) {
    List<Route> routes = new ArrayList<>();
    for (ComposeService service : project.services().values()) {
      if (!settings.service(service.name()).publish()) {
        continue;
      }
      int servers = servers(service, settings, nodes);
      for (PortMapping port : service.ports()) {
        if (port.publishedPort() <= 0 || !"tcp".equals(port.protocol())) {
          continue;
        }
        String path = port.equals(service.ports().get(0)) ? service.labels().get(healthPathLabel) : null;
        routes.add(new Route(service.name(), port.publishedPort(), port.target(), path, servers));
      }
    }
    return routes;
  }

  /** Room for a start-first update, which runs old and new tasks side by side. */
  static int servers(ComposeService service, SwarmSettings settings, int nodes) {
    if (service.deploy() != null && "global".equals(service.deploy().mode())) {
      return Math.max(GLOBAL_TASKS, Integer.highestOneBit(Math.max(1, 2 * nodes - 1)) << 1);
    }
    return Math.max(4, 2 * replicas(service, settings));
  }

  /** The edge service's spec, or null when the stack publishes nothing. */
  public static SwarmServiceSpec spec(ComposeProject project, List<Route> routes, String image, String imageName,
      String release) {
    if (routes.isEmpty()) {
      return null;
    }
    String stack = project.name();
    Set<String> networks = new LinkedHashSet<>();
    for (Route route : routes) {
      for (String key : project.service(route.service()).effectiveNetworks()) {
        networks.add(SwarmServiceSpecs.networkName(project, key));
      }
    }
    Map<String, String> labels = new TreeMap<>(SwarmLabels.stack(stack));
    labels.put(SwarmLabels.COMPOSE_SERVICE, SERVICE);
    SwarmServiceSpec spec = new SwarmServiceSpec(
        SwarmLabels.serviceName(stack, SERVICE),
        image,
        labels,
        SwarmLabels.stack(stack),
        HaproxyConfigs.command("-db"),
        List.of(),
        Map.of(HaproxyConfigs.CONFIG_VARIABLE, config(stack, routes)),
        List.of(),
        Map.of(),
        Map.of(),
        networks.stream().map(name -> new SwarmServiceSpec.Network(name, List.of(SERVICE))).toList(),
        // Host mode binds the port on the node itself, the one way to publish without the routing mesh.
        routes.stream().map(r -> new SwarmServiceSpec.Port(r.published(), r.published(), "tcp",
            SwarmServiceSpec.PublishMode.HOST)).toList(),
        SwarmServiceSpec.EndpointMode.DNSRR,
        null,
        1,
        // A host port can be held by one task at a time: the old edge must stop before the new one starts.
        new SwarmServiceSpec.UpdatePolicy(1, null, "stop-first", null, null, null),
        null,
        SwarmServiceSpec.RestartCondition.ANY,
        null,
        null,
        null,
        // Its ports are bound on the node it runs on: the manager, where the deployer checks them.
        new SwarmServiceSpec.Placement(List.of(MANAGER), List.of(), null),
        false);
    return SwarmServiceSpecs.labelled(spec, imageName, release);
  }

  /** The HAProxy configuration for {@code routes}. */
  public static String config(String stack, List<Route> routes) {
    StringBuilder text = HaproxyConfigs.head("The edge of stack " + stack + ", written by the deployer.", List.of(),
        "swarm", "check inter 1s fall 2 rise 2");
    for (Route route : routes) {
      String name = route.service() + "_" + route.published();
      HaproxyConfigs.frontend(text, name, HaproxyConfigs.mode(route.healthPath()), route.published(), name);
      HaproxyConfigs.backend(text, name, route.healthPath());
      text.append("  server-template ").append(route.service()).append(' ').append(route.servers()).append(' ')
          .append(route.service()).append(':').append(route.target()).append('\n');
    }
    return text.toString();
  }

  /** How many tasks a replicated service runs. */
  private static int replicas(ComposeService service, SwarmSettings settings) {
    Integer override = settings.service(service.name()).replicas();
    if (override != null) {
      return override;
    }
    return SwarmServiceSpecs.replicas(service);
  }
}
