package dev.deployer.infrastructure.config;

import dev.deployer.infrastructure.compose.DeploySpec;
import dev.deployer.infrastructure.compose.UpdateConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * An environment's {@code target} and {@code swarm} settings: where the stack runs, how the Swarm
 * target publishes ports, the registry every node pulls the release's images from (null: the
 * manager's local images, for a single-node swarm), and overrides of compose.yaml's {@code deploy}
 * section per service.
 */
public record SwarmSettings(Target target, PublishMode publish, String edgeImage,
    Map<String, ServiceOverride> services, String registry) {

  public static final SwarmSettings DEFAULT =
      new SwarmSettings(Target.COMPOSE, PublishMode.EDGE, "haproxy:2.6", Map.of());

  public SwarmSettings {
    services = Map.copyOf(services);
  }

  public SwarmSettings(Target target, PublishMode publish, String edgeImage, Map<String, ServiceOverride> services) {
    this(target, publish, edgeImage, services, null);
  }

  /** compose: containers on one engine; swarm: the services of a Swarm stack. */
  public enum Target {
    COMPOSE,
    SWARM;

    public static Optional<Target> parse(String text) {
      try {
        return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * ingress: Swarm's routing mesh, which needs IPVS in the host's kernel. edge: one service of the
   * stack publishes the ports on its node and balances over the tasks that pass their checks.
   */
  public enum PublishMode {
    INGRESS,
    EDGE
  }

  /**
   * Overrides of one service's {@code deploy} section and health check timing; null keeps
   * compose.yaml's value.
   */
  public record ServiceOverride(Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig,
      boolean publish, HealthTiming healthcheck, DeploySpec.Placement placement) {

    public static final ServiceOverride NONE = new ServiceOverride(null, null, null, true, null);

    public ServiceOverride(Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, boolean publish,
        HealthTiming healthcheck) {
      this(replicas, updateConfig, rollbackConfig, publish, healthcheck, null);
    }
  }

  /**
   * How patient a health check is; null keeps compose.yaml's value. Swarm replaces a task whose
   * check fails, so a slow node may need a longer {@code start_period} than one engine does.
   */
  public record HealthTiming(Duration interval, Duration timeout, Integer retries, Duration startPeriod) {}

  public ServiceOverride service(String name) {
    return services.getOrDefault(name, ServiceOverride.NONE);
  }

  /** Reads {@code target} and {@code swarm} from an environment's merged section; both may be absent. */
  static SwarmSettings read(ConfigNode root) throws ConfigException {
    Target target = DEFAULT.target();
    Optional<ConfigNode> targetNode = root.optional("target");
    if (targetNode.isPresent()) {
      String text = targetNode.get().text();
      target = Target.parse(text).orElseThrow(() -> targetNode.get().error("expected compose or swarm, was '"
          + text + "'"));
    }
    Optional<ConfigNode> swarm = root.optional("swarm");
    if (swarm.isEmpty()) {
      return new SwarmSettings(target, DEFAULT.publish(), DEFAULT.edgeImage(), Map.of());
    }
    ConfigNode node = swarm.get().allowOnly("publish", "edge_image", "services", "registry");
    String registry = null;
    if (node.optional("registry").isPresent() && !isNull(node.child("registry"))) {
      registry = node.child("registry").text().trim();
      if (registry.contains("/") || registry.contains("@")) {
        throw node.child("registry").error("expected host:port (such as 127.0.0.1:5000), was '" + registry + "'");
      }
    }
    PublishMode publish = DEFAULT.publish();
    if (node.optional("publish").isPresent()) {
      ConfigNode mode = node.child("publish");
      publish = switch (mode.text().trim()) {
        case "ingress" -> PublishMode.INGRESS;
        case "edge" -> PublishMode.EDGE;
        default -> throw mode.error("expected ingress or edge, was '" + mode.text() + "'");
      };
    }
    String edgeImage = node.optional("edge_image").isPresent() ? node.child("edge_image").text().trim()
        : DEFAULT.edgeImage();
    if (edgeImage.isEmpty()) {
      throw node.child("edge_image").error("must name an image");
    }
    Map<String, ServiceOverride> services = new LinkedHashMap<>();
    Optional<ConfigNode> servicesNode = node.optional("services");
    if (servicesNode.isPresent() && !isNull(servicesNode.get())) {
      for (Map.Entry<String, ConfigNode> entry : servicesNode.get().entries().entrySet()) {
        services.put(entry.getKey(), service(entry.getValue()));
      }
    }
    return new SwarmSettings(target, publish, edgeImage, services, registry);
  }

  private static boolean isNull(ConfigNode node) {
    return node.node() instanceof ScalarNode scalar && List.of("", "~", "null").contains(scalar.getValue());
  }

  private static ServiceOverride service(ConfigNode node) throws ConfigException {
    node.allowOnly("replicas", "update_config", "rollback_config", "publish", "healthcheck", "placement");
    Integer replicas = node.optional("replicas").isPresent() ? node.child("replicas").integer(0, 1000) : null;
    boolean publish = node.optional("publish").isEmpty() || node.child("publish").bool();
    return new ServiceOverride(replicas, update(node.optional("update_config")),
        update(node.optional("rollback_config")), publish, health(node.optional("healthcheck")),
        placement(node.optional("placement")));
  }

  /** Like compose.yaml's {@code deploy.placement}; {@code preferences} lists the spread attributes. */
  private static DeploySpec.Placement placement(Optional<ConfigNode> section) throws ConfigException {
    if (section.isEmpty()) {
      return null;
    }
    ConfigNode node = section.get().allowOnly("constraints", "preferences", "max_replicas_per_node");
    return new DeploySpec.Placement(texts(node.optional("constraints")), texts(node.optional("preferences")),
        node.optional("max_replicas_per_node").isPresent() ? node.child("max_replicas_per_node").integer(1, 1000)
            : null);
  }

  private static List<String> texts(Optional<ConfigNode> list) throws ConfigException {
    List<String> texts = new java.util.ArrayList<>();
    if (list.isPresent()) {
      for (ConfigNode item : list.get().items()) {
        texts.add(item.text().trim());
      }
    }
    return texts;
  }

  private static HealthTiming health(Optional<ConfigNode> section) throws ConfigException {
    if (section.isEmpty()) {
      return null;
    }
    ConfigNode node = section.get().allowOnly("interval", "timeout", "retries", "start_period");
    return new HealthTiming(duration(node, "interval"), duration(node, "timeout"),
        node.optional("retries").isPresent() ? node.child("retries").integer(1, 1000) : null,
        duration(node, "start_period"));
  }

  private static Duration duration(ConfigNode node, String key) throws ConfigException {
    return node.optional(key).isPresent() ? node.child(key).duration() : null;
  }

  private static UpdateConfig update(Optional<ConfigNode> section) throws ConfigException {
    if (section.isEmpty()) {
      return null;
    }
    ConfigNode node = section.get().allowOnly("parallelism", "delay", "order", "failure_action", "monitor",
        "max_failure_ratio");
    Integer parallelism = node.optional("parallelism").isPresent() ? node.child("parallelism").integer(0, 1000)
        : null;
    String order = oneOf(node.optional("order"), "start-first", "stop-first");
    String failureAction = oneOf(node.optional("failure_action"), "continue", "rollback", "pause");
    Double ratio = node.optional("max_failure_ratio").isPresent()
        ? node.child("max_failure_ratio").number(0, 1) : null;
    return new UpdateConfig(parallelism, duration(node, "delay"), order, failureAction, duration(node, "monitor"),
        ratio);
  }

  private static String oneOf(Optional<ConfigNode> node, String... allowed) throws ConfigException {
    if (node.isEmpty()) {
      return null;
    }
    String text = node.get().text().trim();
    for (String value : allowed) {
      if (value.equals(text)) {
        return text;
      }
    }
    throw node.get().error("expected one of " + String.join(", ", allowed) + ", was '" + text + "'");
  }
}
