package dev.deployer.infrastructure.config;

import dev.deployer.infrastructure.config.DeploymentConfig.AlertSettings;
import dev.deployer.infrastructure.config.DeploymentConfig.DockerSettings;
import dev.deployer.infrastructure.config.DeploymentConfig.MonitoringSettings;
import dev.deployer.infrastructure.config.DeploymentConfig.ReportSettings;
import dev.deployer.infrastructure.config.DeploymentConfig.RollbackSettings;
import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import dev.deployer.infrastructure.config.DeploymentConfig.ValidationSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads deployment_config.yaml: the {@code base} section deep-merged with one environment's
 * section, interpolated from the process environment and validated into a {@link DeploymentConfig}.
 */
public final class ConfigLoader {

  /** Aliases of collections a config may hold; SnakeYAML's own limit is 50. */
  static final int MAX_ALIASES = 20;

  public static final Path DEFAULT_FILE = Path.of("infrastructure", "config", "deployment_config.yaml");

  private static final String[] REPORT_TYPES = {"deployment", "health", "performance", "validation", "rollback"};
  /**
   * JUnit XML of a run's steps and checks: optional, kept as long as validation reports by
   * default, so that configs written before it (release snapshots) still load.
   */
  private static final String JUNIT_REPORTS = "junit";

  private final Map<String, String> environment;

  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public DeploymentConfig load(Path file, String environmentName) throws ConfigException {
    Path absolute = file.toAbsolutePath().normalize();
    return read(absolute, environmentName, merged(absolute, environmentName));
  }

  /** The environment's {@code target} and {@code swarm} settings (defaults where the file has none). */
  public SwarmSettings loadSwarm(Path file, String environmentName) throws ConfigException {
    return SwarmSettings.read(merged(file.toAbsolutePath().normalize(), environmentName));
  }

  /** The environment's section deep-merged over {@code base} and interpolated. */
  private ConfigNode merged(Path absolute, String environmentName) throws ConfigException {
    Node root = parse(absolute);
    ConfigNode top = new ConfigNode(absolute, root, "");
    Map<String, ConfigNode> sections = top.entries();
    ConfigNode base = top.child("base");
    ConfigNode section = sections.get(environmentName);
    if (section == null || environmentName.equals("base")) {
      TreeSet<String> known = new TreeSet<>(sections.keySet());
      known.remove("base");
      throw new ConfigException(absolute, 0, environmentName, "unknown environment (known: " + known + ")");
    }
    Node merged = NodeMerger.merge(base, section);
    Node interpolated = new NodeInterpolator(absolute, environment).interpolate(merged, "");
    return new ConfigNode(absolute, interpolated, "");
  }

  private static Node parse(Path file) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    // A config has no use for more; a few dozen aliases of aliases already expand to millions of nodes.
    options.setMaxAliasesForCollections(MAX_ALIASES);
    try (Reader reader = Files.newBufferedReader(file)) {
      Node root = new Yaml(new SafeConstructor(options)).compose(reader);
      if (root == null) {
        throw new ConfigException(file, 0, "", "the file is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(file, line, "", "not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      // SnakeYAML's limits (too many aliases: a "billion laughs"), which carry no position
      throw new ConfigException(file, 0, "", "not accepted as YAML: " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(file, 0, "", "cannot read: " + e.getMessage());
    }
  }

  private static DeploymentConfig read(Path file, String name, ConfigNode root) throws ConfigException {
    root.allowOnly("project", "compose_file", "app_profile", "docker", "ports", "variables", "wait",
        "monitoring", "rollback", "validation", "alerts", "reports", "target", "swarm", "publish", "proxy", "probes");
    SwarmSettings.read(root);
    ConfigNode projectNode = root.child("project");
    String project = projectNode.text().trim();
    if (!project.matches("[a-z0-9][a-z0-9_-]*")) {
      throw projectNode.error("must be lowercase letters, digits, '-' or '_', starting with a letter or digit");
    }
    ConfigNode composeNode = root.child("compose_file");
    Path composeFile = file.getParent().resolve(composeNode.text().trim()).normalize();
    if (!Files.isRegularFile(composeFile)) {
      throw composeNode.error("no such file: " + composeFile);
    }
    return new DeploymentConfig(name, file, project, composeFile, root.child("app_profile").text().trim(),
        docker(root.child("docker")), ports(root.child("ports")), Publishing.read(file, root), variables(root),
        wait(root.child("wait")),
        monitoring(root.child("monitoring")), rollback(root.child("rollback")),
        validation(root.child("validation")), alerts(root.child("alerts")), reports(root.child("reports")),
        ProxySettings.read(file, root), ProbeSettings.read(file, root));
  }

  private static DockerSettings docker(ConfigNode node) throws ConfigException {
    node.allowOnly("host", "tls_verify", "cert_path");
    String host = node.child("host").text().trim();
    if (!host.matches("(unix|tcp|npipe|ssh)://.+")) {
      throw node.child("host").error("expected unix://, tcp:// or ssh:// address, was '" + host + "'");
    }
    return new DockerSettings(host, node.child("tls_verify").bool(), node.child("cert_path").text().trim());
  }

  private static Map<String, Integer> ports(ConfigNode node) throws ConfigException {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : node.entries().entrySet()) {
      ports.put(entry.getKey(), entry.getValue().integer(1, 65535));
    }
    return ports;
  }

  private static Map<String, String> variables(ConfigNode root) throws ConfigException {
    Map<String, String> variables = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : root.child("variables").entries().entrySet()) {
      if (!entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw entry.getValue().error("not a valid variable name");
      }
      variables.put(entry.getKey(), entry.getValue().text());
    }
    return variables;
  }

  private static Duration wait(ConfigNode node) throws ConfigException {
    node.allowOnly("timeout");
    return positive(node.child("timeout"));
  }

  private static MonitoringSettings monitoring(ConfigNode node) throws ConfigException {
    node.allowOnly("health_check_interval", "metrics_interval", "reminder_interval");
    Optional<ConfigNode> reminder = node.optional("reminder_interval");
    return new MonitoringSettings(positive(node.child("health_check_interval")), positive(node.child("metrics_interval")),
        reminder.isEmpty() ? Optional.empty() : Optional.of(positive(reminder.get())));
  }

  private static RollbackSettings rollback(ConfigNode node) throws ConfigException {
    node.allowOnly("failure_threshold", "requires_confirmation", "keep_releases");
    return new RollbackSettings(node.child("failure_threshold").integer(1, 1000),
        node.child("requires_confirmation").bool(), node.child("keep_releases").integer(1, 1000));
  }

  private static ValidationSettings validation(ConfigNode node) throws ConfigException {
    node.allowOnly("security_level", "max_response_time", "min_throughput", "max_cpu_percent",
        "max_memory_percent", "max_disk_percent", "baseline_tolerance_percent");
    ConfigNode level = node.child("security_level");
    SecurityLevel securityLevel;
    try {
      securityLevel = SecurityLevel.valueOf(level.text().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw level.error("expected basic, full or maximum, was '" + level.text() + "'");
    }
    return new ValidationSettings(securityLevel, positive(node.child("max_response_time")),
        node.child("min_throughput").number(0, 1e9), node.child("max_cpu_percent").number(1, 100),
        node.child("max_memory_percent").number(1, 100), node.child("max_disk_percent").number(1, 100),
        node.child("baseline_tolerance_percent").number(0, 10_000));
  }

  private static AlertSettings alerts(ConfigNode node) throws ConfigException {
    node.allowOnly("webhooks", "webhook_format");
    ConfigNode hooks = node.child("webhooks").allowOnly("critical", "warning", "info");
    Map<String, String> webhooks = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : hooks.entries().entrySet()) {
      String url = entry.getValue().text().trim();
      if (!url.isEmpty() && !url.matches("https?://.+")) {
        throw entry.getValue().error("expected an http:// or https:// address, was '" + url + "'");
      }
      if (!url.isEmpty()) {
        webhooks.put(entry.getKey(), url);
      }
    }
    AlertSettings.Format format = AlertSettings.Format.GENERIC;
    Optional<ConfigNode> formatNode = node.optional("webhook_format");
    if (formatNode.isPresent()) {
      String name = formatNode.get().text().trim();
      format = AlertSettings.Format.parse(name).orElseThrow(() ->
          formatNode.get().error("expected generic or slack, was '" + name + "'"));
    }
    return new AlertSettings(webhooks, format);
  }

  private static ReportSettings reports(ConfigNode node) throws ConfigException {
    node.allowOnly("retention");
    ConfigNode retention = node.child("retention")
        .allowOnly("deployment", "health", "performance", "validation", "rollback", JUNIT_REPORTS);
    Map<String, Duration> periods = new LinkedHashMap<>();
    for (String type : REPORT_TYPES) {
      periods.put(type, positive(retention.child(type)));
    }
    Optional<ConfigNode> junit = retention.optional(JUNIT_REPORTS);
    periods.put(JUNIT_REPORTS, junit.isPresent() ? positive(junit.get()) : periods.get("validation"));
    return new ReportSettings(periods);
  }

  private static Duration positive(ConfigNode node) throws ConfigException {
    Duration duration = node.duration();
    if (duration.isZero()) {
      throw node.error("must be longer than zero");
    }
    return duration;
  }
}
