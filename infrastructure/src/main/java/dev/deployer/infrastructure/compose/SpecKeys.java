package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the Compose Specification (compose-spec/compose-spec {@code schema/compose-spec.json})
 * that the single-host target does not apply yet, each with the reason. A key of the schema is
 * therefore either applied, or refused with its reason; a key outside the schema is unknown.
 */
final class SpecKeys {

  private static final String NOT_YET = "not applied by the single-host target yet";
  private static final String BUILDKIT =
      "needs BuildKit; the deployer builds with the engine's classic builder from context, dockerfile and args only";
  private static final String SWARM = "applies to Swarm services, not to single-host containers";
  private static final String CPU_RT = "real-time CPU time needs the engine started with a real-time budget"
      + " (dockerd --cpu-rt-runtime, on cgroup v1 with CONFIG_RT_GROUP_SCHED); without one, as on the engine"
      + " this was built against, runc refuses the container, and the deployer does not check for it yet";
  private static final String WINDOWS = "applies to Windows containers only";

  static final Map<String, String> TOP_LEVEL = Map.of(
      "models", "AI models need Docker Model Runner, which the deployer does not drive");

  static final Map<String, String> SERVICE = Map.ofEntries(
      Map.entry("annotations", "needs Engine API 1.43; " + NOT_YET),
      Map.entry("cpu_count", WINDOWS),
      Map.entry("cpu_percent", WINDOWS),
      Map.entry("cpu_rt_period", CPU_RT),
      Map.entry("cpu_rt_runtime", CPU_RT),
      Map.entry("credential_spec", WINDOWS),
      Map.entry("external_links", "links to containers outside the project are not applied; use a shared network"),
      Map.entry("gpus", "GPU device requests are not applied by the single-host target yet"),
      Map.entry("isolation", WINDOWS),
      Map.entry("models", "AI models need Docker Model Runner, which the deployer does not drive"),
      Map.entry("platform", "images are used as they are found on the engine; no platform is selected"),
      Map.entry("post_start", "lifecycle hooks need Engine exec support in the deploy pipeline, " + NOT_YET),
      Map.entry("pre_stop", "lifecycle hooks need Engine exec support in the deploy pipeline, " + NOT_YET),
      Map.entry("provider", "services managed by an external provider are not supported"),
      Map.entry("pull_policy", "images are pulled by the deploy pipeline's own rule; pull_policy is not applied yet"),
      Map.entry("pull_refresh_after", "images are pulled by the deploy pipeline's own rule; not applied yet"),
      Map.entry("scale", "the single-host target runs one container per service; use deploy.replicas: 1"),
      Map.entry("stdin_open", "containers run detached without standard input"),
      Map.entry("tty", "containers run detached without a terminal"),
      Map.entry("use_api_socket", "mounting the engine's API socket is refused: it gives the container the host"),
      Map.entry("storage_opt", "the engine's overlay2 driver takes a size only over xfs mounted with pquota (it"
          + " refuses it over ext4); the deployer does not check the engine's storage for it, so does not apply it"));

  static final Map<String, String> BUILD = Map.ofEntries(
      Map.entry("dockerfile_inline", BUILDKIT),
      Map.entry("entitlements", BUILDKIT),
      Map.entry("ssh", BUILDKIT),
      Map.entry("labels", BUILDKIT),
      Map.entry("cache_from", BUILDKIT),
      Map.entry("cache_to", BUILDKIT),
      Map.entry("no_cache", BUILDKIT),
      Map.entry("additional_contexts", BUILDKIT),
      Map.entry("network", BUILDKIT),
      Map.entry("pull", BUILDKIT),
      Map.entry("shm_size", BUILDKIT),
      Map.entry("extra_hosts", BUILDKIT),
      Map.entry("isolation", WINDOWS),
      Map.entry("privileged", BUILDKIT),
      Map.entry("secrets", BUILDKIT),
      Map.entry("tags", BUILDKIT),
      Map.entry("ulimits", BUILDKIT),
      Map.entry("platforms", BUILDKIT));

  static final Map<String, String> RESERVATIONS = Map.of(
      "devices", "device requests are not applied by the single-host target yet");

  static final Map<String, String> SERVICE_NETWORK = Map.of(
      "interface_name", "needs Engine API 1.49; " + NOT_YET,
      "link_local_ips", NOT_YET,
      "mac_address", "a MAC address per network needs Engine API 1.44; set the service's mac_address for the network"
          + " it is created on",
      "driver_opts", "needs Engine API 1.46; " + NOT_YET,
      "priority", NOT_YET,
      "gw_priority", "needs Engine API 1.48; " + NOT_YET);

  static final Map<String, String> NETWORK = Map.of(
      "enable_ipv4", "needs Engine API 1.47; the engine here always enables IPv4");

  static final Map<String, String> MOUNT = Map.of(
      "consistency", "applies to Docker Desktop file sharing only",
      "image", "image mounts need Engine API 1.48; " + NOT_YET);

  static final Map<String, String> SECRET = Map.of(
      "external", "external secrets live in a Swarm; on a single host give a file",
      "environment", "secrets from environment variables are not applied yet; give a file",
      "driver", SWARM,
      "driver_opts", SWARM,
      "template_driver", SWARM);

  static final Map<String, String> CONFIG = Map.of(
      "external", "external configs live in a Swarm; on a single host give a file",
      "environment", "configs from environment variables are not applied yet; give a file",
      "content", "inline config content is not applied yet; give a file",
      "template_driver", SWARM);

  private SpecKeys() {}

  /**
   * Checks a mapping against the keys the deployer applies and those the spec defines but it does
   * not apply: an unknown key fails with a suggestion among both, an unapplied one with its reason.
   */
  static void check(Mapping mapping, Set<String> applied, Map<String, String> notApplied) throws ComposeException {
    Set<String> known = new HashSet<>(applied);
    known.addAll(notApplied.keySet());
    Nodes.allowKeys(mapping, known);
    for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
      String reason = notApplied.get(entry.getKey());
      if (reason != null && !applied.contains(entry.getKey())) {
        throw entry.getValue().error("'" + entry.getKey() + "' is not supported on the single-host target: " + reason);
      }
    }
  }
}
