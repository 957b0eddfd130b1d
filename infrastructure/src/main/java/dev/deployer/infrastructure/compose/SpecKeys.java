package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the Compose Specification (compose-spec/compose-spec {@code schema/compose-spec.json})
 * that the loader accepts without modelling them: each deploy target either applies them from the
 * file's places or refuses them in its pre-deployment checks ({@code TargetKeys}), with file, line,
 * key and reason. A key outside the schema is unknown, with a "did you mean".
 */
final class SpecKeys {

  static final Set<String> TOP_LEVEL = Set.of("models");

  static final Set<String> SERVICE = Set.of("cpu_count", "cpu_percent", "credential_spec",
      "isolation", "models", "post_start", "pre_stop", "provider", "pull_policy", "pull_refresh_after", "scale",
      "use_api_socket");

  static final Set<String> BUILD = Set.of("dockerfile_inline", "entitlements", "ssh", "labels", "cache_from",
      "cache_to", "no_cache", "additional_contexts", "network", "pull", "shm_size", "extra_hosts", "isolation",
      "privileged", "secrets", "tags", "ulimits", "platforms");

  static final Set<String> SERVICE_NETWORK =
      Set.of("interface_name", "driver_opts", "gw_priority");

  static final Set<String> NETWORK = Set.of("enable_ipv4");

  /** {@code consistency} is for Docker Desktop's file sharing; on a Linux engine it means nothing, as in Compose. */
  static final Set<String> MOUNT = Set.of("consistency");

  static final Set<String> BIND = Set.of("recursive");

  static final Set<String> VOLUME_OPTIONS = Set.of("labels");

  private static final String SWARM = "applies to Swarm services, not to single-host containers";

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
   * Checks a mapping's keys: those the deployer models and those of the spec it leaves to the
   * deploy targets (which refuse what they cannot honour in their pre-deployment checks) are
   * accepted; any other key fails with a suggestion among both.
   */
  static void check(Mapping mapping, Set<String> modelled, Set<String> leftToTargets) throws ComposeException {
    Set<String> known = new HashSet<>(modelled);
    known.addAll(leftToTargets);
    Nodes.allowKeys(mapping, known);
  }

  /**
   * Checks a mapping against the keys the deployer applies and those the spec defines but it does
   * not apply: an unknown key fails with a suggestion among both, an unapplied one with its reason.
   */
  static void check(Mapping mapping, Set<String> applied, Map<String, String> notApplied) throws ComposeException {
    check(mapping, applied, notApplied.keySet());
    for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
      String reason = notApplied.get(entry.getKey());
      if (reason != null && !applied.contains(entry.getKey())) {
        throw entry.getValue().error("'" + entry.getKey() + "' is not supported on the single-host target: " + reason);
      }
    }
  }
}
