package dev.deployer.infrastructure.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The HAProxy configuration of a stack's blue/green edge. Per route, a frontend on the published
 * port for the users and one on a preview port, each with its own backend over the same two servers,
 * the service's blue and green containers, found by name. Every server starts with weight 0: the
 * configuration never changes when releases do, and the deployer moves traffic through the runtime
 * API on {@link #ADMIN_PORT} (weights, states, {@code show stat}). On the preview backend it enables
 * only the new color, to check a release through the edge before any user reaches it.
 *
 * <p>The runtime API can change who takes the traffic, so only the deployer on this host may reach
 * it: the stats socket listens on {@link #LOCAL_API_PORT} of the container's loopback, and the
 * {@value #API_FRONTEND} frontend on {@link #ADMIN_PORT} forwards to it only the connections whose
 * source is {@link #HOST_ADDRESS_VARIABLE}, the host's address on the network of the edge's published
 * ports (where the engine's port publishing connects from); any other, e.g. from a container on the
 * stack's networks, is closed at once. {@link EdgeContainer} sets the variable when the edge starts.
 */
public final class EdgeConfig {

  /** The runtime API's port in the edge container. */
  public static final int ADMIN_PORT = 9999;

  /** Where the stats socket listens, on the edge container's loopback only. */
  public static final int LOCAL_API_PORT = 9998;

  /**
   * The environment variable that holds the only source address {@link #ADMIN_PORT} accepts; HAProxy
   * reads it when it loads the configuration.
   */
  public static final String HOST_ADDRESS_VARIABLE = "EDGE_HOST_ADDRESS";

  /** The frontend and backend of the runtime API; no route's ({@code <service>_<port>}) can be named so. */
  static final String API_FRONTEND = "runtime-api";

  /**
   * Where the edge reads its servers' weights and states when it starts; the deployer writes
   * {@code show servers state} there after each traffic change ({@link HaproxyRuntime#serversState()}).
   */
  public static final String STATE_FILE = "/tmp/haproxy-servers.state";

  /**
   * How long the worker a reload replaced may keep serving the connections it holds: an HTTP one
   * closes after its current answer, a TCP one (or a slow download) is cut at this limit.
   */
  static final String OLD_WORKER_LIMIT = "30s";

  /** The first route's preview port in the edge container; the next routes' follow. */
  public static final int FIRST_PREVIEW_PORT = 9100;

  /**
   * Checks every second; one failed check more takes a server out, one passed check brings it
   * back: a stopped container is also out as soon as its name stops resolving, and a retry covers
   * the requests in between. A server that is down is checked every 200 ms, so a new color is seen
   * up soon after it is ready (a deploy waits for that before it verifies and switches).
   */
  private static final String SERVER_DEFAULTS = "check inter 1s downinter 200ms fall 2 rise 1 weight 0";

  private final String project;
  private final List<Route> routes;
  private final String text;

  public EdgeConfig(String project, List<Route> routes) {
    this.project = Objects.requireNonNull(project, "project");
    this.routes = List.copyOf(routes);
    if (this.routes.isEmpty()) {
      throw new IllegalArgumentException("the edge of " + project + " needs at least one route");
    }
    Set<Integer> ports = new HashSet<>(List.of(ADMIN_PORT, LOCAL_API_PORT));
    for (int i = 0; i < this.routes.size(); i++) {
      for (int port : List.of(this.routes.get(i).publishedPort(), FIRST_PREVIEW_PORT + i)) {
        if (!ports.add(port)) {
          throw new IllegalArgumentException("the edge of " + project + " would listen on port " + port
              + " twice (routes " + this.routes + ", preview ports from " + FIRST_PREVIEW_PORT + ", runtime API "
              + ADMIN_PORT + " and " + LOCAL_API_PORT + ")");
        }
      }
    }
    this.text = render();
  }

  public String project() {
    return project;
  }

  public List<Route> routes() {
    return routes;
  }

  /** The configuration file's text. */
  public String text() {
    return text;
  }

  /** The port in the edge container where {@code route}'s preview frontend listens. */
  public int previewPort(Route route) {
    int index = routes.indexOf(route);
    if (index < 0) {
      throw new IllegalArgumentException("no route " + route + " in the edge of " + project);
    }
    return FIRST_PREVIEW_PORT + index;
  }

  /** The route of {@code service}'s first port; an {@link IllegalArgumentException} when it has none. */
  public Route route(String service) {
    return routes.stream().filter(r -> r.service().equals(service)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the edge of " + project + " routes no " + service));
  }

  private String render() {
    StringBuilder text = HaproxyConfigs.head("The blue/green edge of " + project + ", written by the deployer.",
        // After a reload the old worker finishes its open connections; a long-lived one (tcp) waits at most this.
        List.of("stats socket ipv4@127.0.0.1:" + LOCAL_API_PORT + " level admin", "server-state-file " + STATE_FILE,
            "hard-stop-after " + OLD_WORKER_LIMIT),
        "docker", SERVER_DEFAULTS);
    // Who takes the traffic lives in the runtime state only: a restarted edge (the engine's restart
    // policy) reads it back from the file the deployer writes after every change.
    text.append("  load-server-state-from-file global\n");
    appendRuntimeApi(text);
    for (Route route : routes) {
      String mode = HaproxyConfigs.mode(route.healthPath());
      HaproxyConfigs.frontend(text, route.backend(), mode, route.publishedPort(), route.backend());
      HaproxyConfigs.frontend(text, route.previewBackend(), mode, previewPort(route), route.previewBackend());
    }
    for (Route route : routes) {
      for (String backend : List.of(route.backend(), route.previewBackend())) {
        HaproxyConfigs.backend(text, backend, route.healthPath());
        for (Color color : Color.values()) {
          text.append("  server ").append(color.id()).append(' ')
              .append(EdgeContainer.colorContainerName(project, route.service(), color)).append(':')
              .append(route.targetPort()).append('\n');
        }
      }
    }
    return text.toString();
  }

  /** The frontend that lets only the host's connections through to the stats socket. */
  private static void appendRuntimeApi(StringBuilder text) {
    text.append("frontend ").append(API_FRONTEND).append('\n')
        .append("  mode tcp\n")
        .append("  bind :").append(ADMIN_PORT).append('\n')
        .append("  tcp-request connection reject unless { src \"${").append(HOST_ADDRESS_VARIABLE).append("}\" }\n")
        .append("  default_backend ").append(API_FRONTEND).append('\n')
        .append("backend ").append(API_FRONTEND).append('\n')
        .append("  mode tcp\n")
        // Not the defaults' servers: an address, no check, and a weight that takes connections.
        .append("  server api 127.0.0.1:").append(LOCAL_API_PORT).append(" init-addr libc no-check weight 1\n");
  }
}
