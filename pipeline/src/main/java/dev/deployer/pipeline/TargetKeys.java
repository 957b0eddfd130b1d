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

  /** A key (a path under a service, see {@link KeyPlaces#find}) refused when its value matches. */
  public record Rule(String path, Predicate<String> refusedValue, String reason) {

    static Rule key(String path, String reason) {
      return new Rule(path, value -> true, reason);
    }

    static Rule value(String path, Set<String> refused, String reason) {
      return new Rule(path, value -> value != null && refused.contains(value), reason);
    }

    static Rule valueOtherThan(String path, String honoured, String reason) {
      return new Rule(path, value -> !honoured.equals(value), reason);
    }
  }

  private static final String ONE_HOST = "the single-host target runs the stack's containers on one engine";

  /**
   * Swarm-only keys the single-host targets (compose, blue/green) cannot honour. Honoured there
   * and so not listed: {@code deploy.mode: global} (one host is one node: one container, as
   * Compose runs it), {@code deploy.endpoint_mode: dnsrr} (a service's name resolves to its
   * container, which is what dnsrr asks), {@code update_config} and {@code rollback_config} (with
   * one container per service there is no batch, delay or ratio to govern; the compose target
   * recreates the container and blue/green starts the new one beside the old), {@code ports[].mode:
   * host} (both modes bind the host port on one host).
   */
  public static final List<Rule> SINGLE_HOST = List.of(
      Rule.key("deploy.placement", "placement chooses among a swarm's nodes; " + ONE_HOST),
      Rule.value("deploy.mode", Set.of("replicated-job", "global-job"),
          "jobs run to completion under Swarm; the single-host target runs long-lived services"),
      Rule.value("deploy.endpoint_mode", Set.of("vip"),
          "there is no virtual IP on one host: a service's name resolves to its container (as with dnsrr)"),
      Rule.key("deploy.labels", "labels of a Swarm service; a container carries the service's own labels"),
      Rule.valueOtherThan("deploy.replicas", "1", "the single-host target runs exactly one container per service"),
      Rule.key("deploy.resources.reservations.generic_resources",
          "generic resources are advertised by swarm nodes; " + ONE_HOST));

  private static final String STACK_DEPLOY =
      "a single-host key that Swarm services do not have (docker stack deploy ignores it too)";
  private static final String SWARM_NOT_YET = "not applied by the swarm target yet";

  /**
   * Keys the swarm target cannot honour: the single-host-only ones of the Compose file reference
   * ("not supported for docker stack deploy"), and those Swarm has but the target does not apply.
   * {@code build} is honoured: the target builds on the manager and runs the image by its id.
   * {@code restart} is honoured as the nearest restart condition, {@code depends_on} as the order
   * services change in, {@code expose} needs nothing (an overlay network reaches every port).
   */
  public static final List<Rule> SWARM = rules(
      List.of(
          Rule.key("container_name", "Swarm names each task itself; " + STACK_DEPLOY),
          Rule.key("links", STACK_DEPLOY + "; services find each other by name on their networks"),
          Rule.key("tmpfs", STACK_DEPLOY + "; use a volume of type tmpfs"),
          Rule.key("mem_reservation", STACK_DEPLOY + "; use deploy.resources.reservations"),
          Rule.key("networks.*.aliases", SWARM_NOT_YET + "; a task is found by its service's name"),
          Rule.value("ports[*].mode", Set.of("host"),
              SWARM_NOT_YET + ": ports are published through the routing mesh"),
          Rule.value("deploy.mode", Set.of("replicated-job", "global-job"),
              SWARM_NOT_YET + ": it runs replicated and global services"),
          Rule.key("deploy.endpoint_mode", "the swarm target sets it itself: vip, or dnsrr behind its edge proxy")),
      keys(STACK_DEPLOY, "external_links", "network_mode", "volumes_from", "devices", "cgroup_parent", "userns_mode",
          "security_opt", "privileged", "ipc", "pid", "shm_size", "cpuset", "pids_limit", "runtime", "uts",
          "mac_address", "cgroup", "device_cgroup_rules", "mem_swappiness", "memswap_limit", "oom_kill_disable",
          "blkio_config"),
      keys(STACK_DEPLOY + "; use deploy.resources", "cpu_shares", "cpu_quota", "cpu_period"),
      keys("Swarm assigns task addresses itself", "networks.*.ipv4_address", "networks.*.ipv6_address"),
      keys(SWARM_NOT_YET, "hostname", "domainname", "user", "working_dir", "stop_signal", "cap_add", "cap_drop",
          "read_only", "sysctls", "ulimits", "init", "extra_hosts", "dns", "dns_search", "dns_opt", "logging",
          "secrets", "configs", "group_add", "oom_score_adj", "deploy.restart_policy.max_attempts",
          "deploy.resources.reservations", "deploy.resources.limits.pids", "volumes[*].volume.subpath"));

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
   * The single-host rules for this engine: those of {@link #SINGLE_HOST}, a volume subpath (which
   * needs Engine API {@value EngineLimits#VOLUME_SUBPATH_API}, and which the deployer's engine client
   * cannot send yet on any engine), and a logging driver the client cannot set.
   */
  public static List<Rule> singleHost(ContainerEngine.EngineInfo engine) {
    String subpath = EngineLimits.speaks(engine, EngineLimits.VOLUME_SUBPATH_API)
        ? "the deployer's engine client cannot send a volume subpath yet"
        : "volume subpaths need Engine API " + EngineLimits.VOLUME_SUBPATH_API + " (Docker Engine 26) or later;"
            + " this engine is Docker " + engine.version() + " with API " + engine.apiVersion();
    List<Rule> rules = new ArrayList<>(SINGLE_HOST);
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
    for (String service : project.services().keySet()) {
      for (Rule rule : rules) {
        for (KeyPlaces.Key key : project.places().find(service, rule.path())) {
          if (rule.refusedValue().test(key.value())) {
            results.add(result("compose key " + key.place().key(), CheckResult.Verdict.FAIL, category, expected,
                key.place().describe("not supported on the " + target + " target: " + rule.reason())));
          }
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
