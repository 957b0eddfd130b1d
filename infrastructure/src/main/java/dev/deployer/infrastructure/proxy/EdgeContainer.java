package dev.deployer.infrastructure.proxy;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The edge's container, {@code <project>-edge}: HAProxy on the stack's networks, holding the host
 * ports of the routed services, with its preview ports and runtime API on ephemeral ports of
 * 127.0.0.1 (read them back with {@link #hostPort}); only the host's connections reach the runtime
 * API ({@link EdgeConfig}, {@link #HOST_ADDRESS_SETUP}). Also the names of the colors' containers.
 */
public final class EdgeContainer {

  /** The Compose service name of the edge, and its alias on the stack's networks. */
  public static final String SERVICE = "edge";

  /** On a color's container: {@code blue} or {@code green}. */
  public static final String COLOR_LABEL = "dev.deployer.color";

  /**
   * On the edge: a hash of everything its container was made from (configuration, image, ports,
   * networks). The configuration it runs may be newer: a reload in place does not change labels.
   */
  public static final String CONFIG_HASH_LABEL = ComposeLabels.CONFIG_HASH;

  /**
   * On the edge: a hash of what only a new container changes (image, command, ports, networks),
   * not the configuration's text, which a running edge reloads in place. Edges made before it was
   * added have none.
   */
  public static final String CONTAINER_HASH_LABEL = "dev.deployer.edge.container-hash";

  private static final String LOOPBACK = "127.0.0.1";

  /**
   * Exports {@link EdgeConfig#HOST_ADDRESS_VARIABLE}: the gateway of the container's default route,
   * from {@code /proc/net/route} (hex, little-endian). The engine publishes a container's ports on the
   * network of its default gateway, and both the userland proxy and the NAT of connections to
   * 127.0.0.1 reach the container from the host's address there, that gateway; no container can
   * connect from it. Without a default route, the broadcast address matches no connection. Computed at every start,
   * so it follows a network recreated with another subnet.
   */
  static final String HOST_ADDRESS_SETUP = EdgeConfig.HOST_ADDRESS_VARIABLE + "=$(awk '"
      + "function b(s) { return index(\"0123456789ABCDEF\", substr(s, 1, 1)) * 16"
      + " + index(\"0123456789ABCDEF\", substr(s, 2, 1)) - 17 }"
      + " $2 == \"00000000\" { g = $3; printf \"%d.%d.%d.%d\", b(substr(g, 7, 2)), b(substr(g, 5, 2)),"
      + " b(substr(g, 3, 2)), b(substr(g, 1, 2)); exit }' /proc/net/route)"
      + " && export " + EdgeConfig.HOST_ADDRESS_VARIABLE + "=${" + EdgeConfig.HOST_ADDRESS_VARIABLE + ":-255.255.255.255} && ";

  private EdgeContainer() {}

  public static String containerName(String project) {
    return project + "-" + SERVICE;
  }

  /** {@code <project>-<service>-blue} or {@code -green}: the name the edge finds the color's container by. */
  public static String colorContainerName(String project, String service, Color color) {
    return project + "-" + service + "-" + color.id();
  }

  /**
   * The networks the routed services' containers join (the edge must reach them by name), each
   * with the alias {@value #SERVICE}.
   */
  public static List<String> networks(ComposeProject project, List<Route> routes) {
    Set<String> names = new LinkedHashSet<>();
    for (Route route : routes) {
      ContainerSpecFactory.networks(project, project.service(route.service())).forEach(n -> names.add(n.name()));
    }
    return List.copyOf(names);
  }

  /** The edge's container for {@code config}, from {@code image}, on {@code networks}. */
  public static ContainerSpec spec(EdgeConfig config, String image, List<String> networks) {
    List<ContainerSpec.PortBinding> ports = new ArrayList<>();
    for (Route route : config.routes()) {
      ports.add(new ContainerSpec.PortBinding(route.bindAddress(), Integer.toString(route.publishedPort()),
          route.publishedPort(), "tcp"));
    }
    // Only for the deployer on this host: "" lets the engine pick a free host port.
    for (Route route : config.routes()) {
      ports.add(new ContainerSpec.PortBinding(LOOPBACK, "", config.previewPort(route), "tcp"));
    }
    ports.add(new ContainerSpec.PortBinding(LOOPBACK, "", EdgeConfig.ADMIN_PORT, "tcp"));
    List<String> command = HaproxyConfigs.reloadableCommand(HOST_ADDRESS_SETUP, "-W -db");
    Map<String, String> labels = new TreeMap<>(ComposeLabels.service(config.project(), SERVICE));
    labels.put(CONFIG_HASH_LABEL, hash(config.text(), image, command, ports, networks));
    labels.put(CONTAINER_HASH_LABEL, hash(image, command, ports, networks));
    return new ContainerSpec(
        containerName(config.project()),
        image,
        List.of(),
        command,
        Map.of(HaproxyConfigs.CONFIG_VARIABLE, config.text()),
        labels,
        ports,
        List.of(),
        networks.stream().map(name -> new ContainerSpec.Network(name, List.of(SERVICE))).toList(),
        null,
        "unless-stopped",
        null,
        null);
  }

  /** The hash {@link #spec} puts in {@link #CONFIG_HASH_LABEL}. */
  public static String configHash(ContainerSpec spec) {
    return spec.labels().get(CONFIG_HASH_LABEL);
  }

  /** The hash {@link #spec} puts in {@link #CONTAINER_HASH_LABEL}. */
  public static String containerHash(ContainerSpec spec) {
    return spec.labels().get(CONTAINER_HASH_LABEL);
  }

  /** The configuration text {@code spec}'s edge starts with. */
  public static String configText(ContainerSpec spec) {
    return spec.environment().get(HaproxyConfigs.CONFIG_VARIABLE);
  }

  /** The host port the engine bound for {@code containerPort} (a preview port, {@link EdgeConfig#ADMIN_PORT}). */
  public static OptionalInt hostPort(ContainerInfo edge, int containerPort) {
    return edge.ports().stream()
        .filter(p -> p.containerPort() == containerPort && p.hostPort() > 0)
        .mapToInt(ContainerSpec.PublishedPort::hostPort)
        .findFirst();
  }

  /** A client of the running edge's runtime API, through its host port on 127.0.0.1. */
  public static HaproxyRuntime runtime(ContainerInfo edge) {
    int port = hostPort(edge, EdgeConfig.ADMIN_PORT).orElseThrow(() -> new HaproxyRuntimeException(
        "edge " + edge.name() + " publishes no host port for its runtime API (" + EdgeConfig.ADMIN_PORT + ")"));
    return new HaproxyRuntime(LOOPBACK, port);
  }

  private static String hash(Object... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Object part : parts) {
        digest.update(part.toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
