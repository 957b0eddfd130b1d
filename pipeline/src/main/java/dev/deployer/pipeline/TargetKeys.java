package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.KeyPlaces;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Compose keys a deploy target cannot honour, each with its reason. The loader accepts every
 * key of the spec whatever the target; a target that would drop one refuses it in its
 * pre-deployment checks instead, naming file, line and key, before anything changes.
 */
public final class TargetKeys {

  /**
   * A key refused when its value matches: a path under a service (see {@link KeyPlaces#find}), or
   * from the file's top when {@code topLevel} ({@code networks.*.enable_ipv4}).
   */
  public record Rule(String path, Predicate<String> refusedValue, String reason, boolean topLevel) {

    public Rule(String path, Predicate<String> refusedValue, String reason) {
      this(path, refusedValue, reason, false);
    }

    static Rule key(String path, String reason) {
      return new Rule(path, value -> true, reason);
    }

    static Rule topLevel(String path, Predicate<String> refusedValue, String reason) {
      return new Rule(path, refusedValue, reason, true);
    }

    static Rule value(String path, Set<String> refused, String reason) {
      return new Rule(path, value -> value != null && refused.contains(value), reason);
    }

    static Rule valueOtherThan(String path, String honoured, String reason) {
      return new Rule(path, value -> !honoured.equals(value), reason);
    }
  }

  private static final String ONE_HOST = "the single-host target runs the stack's containers on one engine";
  private static final String WINDOWS = "applies to Windows containers only; the engine runs Linux containers";
  private static final String CLASSIC = "; the deployer builds with the engine's classic builder";

  /**
   * Keys of the spec no target honours: Windows-only ones; BuildKit's build keys (those Compose's
   * own classic builder refuses too: ssh, secrets, additional_contexts, privileged; and cache
   * export, cache backends and entitlements, which only BuildKit has); build ulimits, which the
   * engine's client cannot send; and what needs a component the deployer does not drive. A build
   * platform depends on the engine: see {@link #singleHost} and {@link #swarm}.
   */
  static final List<Rule> NEITHER = rules(
      List.of(
          Rule.topLevel("models", value -> true, "AI models need Docker Model Runner, which the deployer does not drive"),
          Rule.key("models", "AI models need Docker Model Runner, which the deployer does not drive"),
          Rule.key("provider", "services managed by an external provider are not supported"),
          Rule.key("use_api_socket",
              "mounting the engine's API socket is refused: it gives the container the host"),
          Rule.valueOtherThan("isolation", "default", WINDOWS),
          Rule.valueOtherThan("build.isolation", "default", WINDOWS),
          Rule.value("volumes[*].type", Set.of("npipe"), "named pipes exist on Windows only; " + WINDOWS),
          Rule.value("volumes[*].type", Set.of("image"), "image mounts need Engine API 1.48 (Docker Engine 28);"
              + " the deployer's engine client cannot send one yet"),
          Rule.topLevel("networks.*.enable_ipv4", value -> !"true".equals(value),
              "needs Engine API 1.47; the engine always enables IPv4 on a network")),
      keys(WINDOWS, "cpu_count", "cpu_percent", "credential_spec"),
      List.of(
          Rule.key("build.ssh", "forwarding SSH agents or keys to RUN steps needs BuildKit" + CLASSIC),
          Rule.key("build.secrets", "build secrets (RUN --mount=type=secret) need BuildKit" + CLASSIC),
          Rule.key("build.cache_to", "exporting the build cache needs BuildKit" + CLASSIC),
          Rule.key("build.additional_contexts", "named additional build contexts need BuildKit" + CLASSIC),
          Rule.key("build.entitlements", "build entitlements are granted by BuildKit" + CLASSIC),
          Rule.valueOtherThan("build.privileged", "false",
              "privileged RUN steps (the security.insecure entitlement) need BuildKit" + CLASSIC),
          new Rule("build.cache_from[*]", value -> value != null && value.contains("type="),
              "a cache backend (type=...) needs BuildKit; the classic builder takes images on the engine as cache"
                  + " sources"),
          Rule.key("build.ulimits", "the engine's classic builder takes ulimits, but the deployer's engine client"
              + " (docker-java 3.7.0) cannot send them")));

  private static final String SECRET_DRIVER_ONE_HOST = "a secret driver is a Swarm secret-store plugin; the"
      + " single-host target writes the secret into the container itself";
  private static final String TEMPLATES_ONE_HOST = "Swarm renders a templated secret or config as each task starts;"
      + " the single-host target writes the value as it is";

  /**
   * Swarm-only keys the single-host targets (compose, blue/green) cannot honour. Honoured there
   * and so not listed: {@code deploy.mode: global} (one host is one node: one container, as
   * Compose runs it), {@code deploy.endpoint_mode: dnsrr} (a service's name resolves to its
   * container, which is what dnsrr asks), {@code update_config} and {@code rollback_config} (with
   * one container per service there is no batch, delay or ratio to govern; the compose target
   * recreates the container and blue/green starts the new one beside the old), {@code ports[].mode:
   * host} (both modes bind the host port on one host).
   */
  public static final List<Rule> SINGLE_HOST = rules(NEITHER, List.of(
      Rule.key("deploy.placement", "placement chooses among a swarm's nodes; " + ONE_HOST),
      Rule.value("deploy.mode", Set.of("replicated-job", "global-job"),
          "jobs run to completion under Swarm; the single-host target runs long-lived services"),
      Rule.value("deploy.endpoint_mode", Set.of("vip"),
          "there is no virtual IP on one host: a service's name resolves to its container (as with dnsrr)"),
      Rule.key("deploy.labels", "labels of a Swarm service; a container carries the service's own labels"),
      Rule.valueOtherThan("deploy.replicas", "1", "the single-host target runs exactly one container per service"),
      Rule.key("deploy.resources.reservations.generic_resources",
          "generic resources are advertised by swarm nodes; " + ONE_HOST),
      Rule.valueOtherThan("scale", "1", "the single-host target runs exactly one container per service"),
      Rule.value("volumes[*].type", Set.of("cluster"), "cluster volumes live in a swarm with a CSI plugin"),
      Rule.key("deploy.restart_policy.delay", "the engine restarts a container without a delay"),
      Rule.key("deploy.restart_policy.window", "the engine restarts a container without a window"),
      Rule.key("volumes[*].bind.recursive", "recursive read-only binds need Engine API 1.44; not applied yet"),
      Rule.topLevel("secrets.*.external", value -> true, "an external secret lives in a Swarm's secret store,"
          + " which a single engine does not have; give a file or environment source"),
      Rule.topLevel("configs.*.external", value -> true, "an external config lives in a Swarm's config store,"
          + " which a single engine does not have; give a file, environment or content source"),
      Rule.topLevel("secrets.*.driver", value -> true, SECRET_DRIVER_ONE_HOST),
      Rule.topLevel("secrets.*.driver_opts", value -> true, SECRET_DRIVER_ONE_HOST),
      Rule.topLevel("secrets.*.template_driver", value -> true, TEMPLATES_ONE_HOST),
      Rule.topLevel("configs.*.template_driver", value -> true, TEMPLATES_ONE_HOST)));


  private static final String STACK_DEPLOY =
      "a single-host key that Swarm services do not have (docker stack deploy ignores it too)";
  private static final String SWARM_NOT_YET = "not applied by the swarm target yet";
  private static final String SECRET_DRIVER_SWARM = "secret-store plugins are not applied by the swarm target yet:"
      + " it keeps secrets in Swarm's own store";
  private static final String TEMPLATE_DRIVER = "the engine templates secrets and configs with golang only";
  private static final String DOCKER_JAVA = "the deployer's engine client (docker-java 3.7.0)";
  private static final String SWARM_HOOKS = "Swarm has no lifecycle hooks: the swarm starts and stops a task's"
      + " container itself and runs no command in it around that (docker stack deploy ignores them too)";
  private static final String SWARM_PULL = "the swarm target pulls nothing: it runs the image the manager has (present,"
      + " or built there) by its id or its registry digest, so it cannot pull again; never, missing and if_not_present"
      + " (a missing image fails its checks) and build (built on the manager at every deploy) apply";

  /**
   * Keys the swarm target cannot honour: the single-host-only ones of the Compose file reference
   * ("not supported for docker stack deploy"), and those Swarm has but the target does not apply.
   * {@code build} is honoured: the target builds on the manager and runs the image by its id.
   * {@code restart} is honoured as the nearest restart condition, {@code depends_on} as the order
   * services change in, {@code expose} needs nothing (an overlay network reaches every port).
   * Applied to the service as {@code docker stack deploy} does: hostname, user, working_dir,
   * stop_signal, read_only, init, tty, stdin_open, extra_hosts, dns, dns_search, dns_opt, logging,
   * the restart policy's max_attempts, delay and window, reservations of cpus, memory and generic
   * resources, {@code scale} (when deploy.replicas is absent), a network's aliases, cap_add,
   * cap_drop, sysctls, ulimits, pids_limit (and deploy.resources.limits.pids), group_add, and
   * platform as the placement platform (OS and architecture; a variant is refused).
   */
  public static final List<Rule> SWARM = rules(NEITHER,
      List.of(
          Rule.key("container_name", "Swarm names each task itself; " + STACK_DEPLOY),
          Rule.key("links", STACK_DEPLOY + "; services find each other by name on their networks"),
          Rule.key("tmpfs", STACK_DEPLOY + "; use a volume of type tmpfs"),
          Rule.key("mem_reservation", STACK_DEPLOY + "; use deploy.resources.reservations"),
          Rule.value("ports[*].mode", Set.of("host"),
              SWARM_NOT_YET + ": ports are published through the routing mesh"),
          Rule.value("deploy.mode", Set.of("replicated-job", "global-job"),
              SWARM_NOT_YET + ": it runs replicated and global services"),
          Rule.key("deploy.endpoint_mode", "the swarm target sets it itself: vip, or dnsrr behind its edge proxy"),
          Rule.value("volumes[*].type", Set.of("cluster"), "cluster volumes need a CSI plugin; " + SWARM_NOT_YET),
          Rule.topLevel("secrets.*.driver", value -> true, SECRET_DRIVER_SWARM),
          Rule.topLevel("secrets.*.driver_opts", value -> true, SECRET_DRIVER_SWARM),
          Rule.topLevel("secrets.*.template_driver", value -> !"golang".equals(value), TEMPLATE_DRIVER),
          Rule.topLevel("configs.*.template_driver", value -> !"golang".equals(value), TEMPLATE_DRIVER),
          new Rule("pull_policy", TargetKeys::pullsAgain, SWARM_PULL),
          Rule.key("annotations", "container annotations need Engine API 1.43; not applied yet")),
      keys(SWARM_HOOKS, "post_start", "pre_stop"),
      keys(STACK_DEPLOY, "external_links", "network_mode", "volumes_from", "devices", "cgroup_parent", "userns_mode",
          "security_opt", "privileged", "ipc", "pid", "shm_size", "cpuset", "runtime", "uts",
          "mac_address", "cgroup", "device_cgroup_rules", "mem_swappiness", "memswap_limit", "oom_kill_disable",
          "blkio_config", "cpu_rt_runtime", "cpu_rt_period", "storage_opt", "volumes[*].bind.recursive"),
      keys(STACK_DEPLOY + "; use deploy.resources", "cpu_shares", "cpu_quota", "cpu_period"),
      keys("Swarm assigns task addresses itself", "networks.*.ipv4_address", "networks.*.ipv6_address"),
      List.of(
          Rule.key("domainname", "a Swarm service's container spec has a hostname but no domain name"),
          Rule.key("oom_score_adj", "a Swarm service takes OomScoreAdj from Engine API 1.46 (Docker 27) on, and "
              + DOCKER_JAVA + "'s ContainerSpec has no such field"),
          Rule.key("deploy.resources.reservations.devices", "Swarm services have no device requests"),
          Rule.key("gpus", "Swarm services have no device requests"),
          new Rule("platform", value -> value != null && value.split("/").length > 2, "a Swarm placement platform"
              + " is an OS and an architecture: the scheduler cannot match a variant"),
          Rule.key("volumes[*].volume.subpath", "a volume subpath needs Engine API 1.45, and " + DOCKER_JAVA
              + "'s VolumeOptions has no Subpath"),
          Rule.key("networks.*.driver_opts", DOCKER_JAVA + "'s NetworkAttachmentConfig has no DriverOpts"),
          Rule.key("networks.*.mac_address", "Swarm assigns task addresses itself")),
      keys("a Swarm service's network attachment has only a network, aliases and driver options",
          "networks.*.interface_name", "networks.*.link_local_ips", "networks.*.priority", "networks.*.gw_priority"));

  /**
   * The swarm rules for this engine (the manager, where the target builds): those of {@link #SWARM}
   * and a build platform other than the engine's.
   */
  public static List<Rule> swarm(ContainerEngine.EngineInfo engine) {
    return rules(SWARM, List.of(buildPlatform(engine)));
  }

  /** The classic builder builds for the engine's own platform; several, or another, need BuildKit. */
  private static Rule buildPlatform(ContainerEngine.EngineInfo engine) {
    String own = engine.platform() == null ? "the engine did not report its platform"
        : "the engine's classic builder builds for its own platform, " + engine.platform();
    return new Rule("build.platforms[*]", platform -> !EngineLimits.buildsFor(engine, platform),
        own + " (Docker " + engine.version() + "); building for another, or for several, needs BuildKit");
  }

  /** A pull policy that pulls a present image again: always, and the periodic ones. */
  private static boolean pullsAgain(String policy) {
    return policy != null && (policy.equals("always") || policy.equals("daily") || policy.equals("weekly")
        || policy.equals("refresh") || policy.startsWith("every_"));
  }

  private static List<Rule> keys(String reason, String... paths) {
    return java.util.Arrays.stream(paths).map(path -> Rule.key(path, reason)).toList();
  }

  @SafeVarargs
  private static List<Rule> rules(List<Rule>... groups) {
    List<Rule> all = new ArrayList<>();
    for (List<Rule> group : groups) {
      all.addAll(group);
    }
    return List.copyOf(all);
  }

  private TargetKeys() {}

  /**
   * The single-host rules for this engine: those of {@link #SINGLE_HOST}, a build platform other
   * than the engine's, those {@link EngineKeyRules} finds this engine cannot honour, a volume subpath (which
   * needs Engine API {@value EngineLimits#VOLUME_SUBPATH_API}, and which the deployer's engine client
   * cannot send yet on any engine), and a logging driver the client cannot set.
   */
  public static List<Rule> singleHost(ContainerEngine.EngineInfo engine) {
    String subpath = EngineLimits.speaks(engine, EngineLimits.VOLUME_SUBPATH_API)
        ? "the deployer's engine client cannot send a volume subpath yet"
        : "volume subpaths need Engine API " + EngineLimits.VOLUME_SUBPATH_API + " (Docker Engine 26) or later;"
            + " this engine is Docker " + engine.version() + " with API " + engine.apiVersion();
    List<Rule> rules = new ArrayList<>(SINGLE_HOST);
    rules.add(buildPlatform(engine));
    rules.addAll(EngineKeyRules.of(engine));
    rules.add(Rule.key("volumes[*].volume.subpath", subpath));
    rules.add(new Rule("logging.driver", driver -> !EngineLimits.LOG_DRIVERS.contains(driver),
        "the deployer's engine client can set only these logging drivers: " + EngineLimits.LOG_DRIVERS));
    return List.copyOf(rules);
  }

  /**
   * One failed check per key of the project that a rule refuses (file, line, key and reason), or
   * one passed check when there is none.
   */
  public static List<CheckResult> check(ComposeProject project, List<Rule> rules, String target, String category) {
    List<CheckResult> results = new ArrayList<>();
    String expected = "honoured by the " + target + " target";
    for (Rule rule : rules) {
      List<KeyPlaces.Key> keys = new ArrayList<>();
      if (rule.topLevel()) {
        keys.addAll(project.places().findTopLevel(rule.path()));
      } else {
        project.services().keySet().forEach(service -> keys.addAll(project.places().find(service, rule.path())));
      }
      for (KeyPlaces.Key key : keys) {
        if (rule.refusedValue().test(key.value())) {
          results.add(result("compose key " + key.place().key(), CheckResult.Verdict.FAIL, category, expected,
              key.place().describe("not supported on the " + target + " target: " + rule.reason())));
        }
      }
    }
    if (results.isEmpty()) {
      results.add(result("compose keys", CheckResult.Verdict.PASS, category, expected, "all honoured"));
    }
    return results;
  }

  private static CheckResult result(String name, CheckResult.Verdict verdict, String category, String expected,
      String actual) {
    return new CheckResult(name, category, verdict, expected, actual, Duration.ZERO, Instant.now());
  }
}
