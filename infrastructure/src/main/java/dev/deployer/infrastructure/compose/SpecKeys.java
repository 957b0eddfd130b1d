package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys of the Compose Specification (compose-spec/compose-spec {@code schema/compose-spec.json})
 * that the loader accepts without modelling them: each deploy target either applies them from the
 * file's places or refuses them in its pre-deployment checks ({@code TargetKeys}), with file, line,
 * key and reason. A key outside the schema is unknown, with a "did you mean".
 */
final class SpecKeys {

  static final Set<String> TOP_LEVEL = Set.of("models");

  static final Set<String> SERVICE = Set.of("cpu_count", "cpu_percent", "credential_spec", "isolation", "models",
      "provider", "use_api_socket");

  static final Set<String> BUILD = Set.of("entitlements", "ssh", "cache_to", "additional_contexts", "isolation",
      "privileged", "secrets", "ulimits");

  static final Set<String> SERVICE_NETWORK =
      Set.of("interface_name", "driver_opts", "gw_priority");

  static final Set<String> NETWORK = Set.of("enable_ipv4");

  /** {@code consistency} is for Docker Desktop's file sharing; on a Linux engine it means nothing, as in Compose. */
  static final Set<String> MOUNT = Set.of("consistency");

  static final Set<String> BIND = Set.of("recursive");

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
}
