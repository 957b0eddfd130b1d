package dev.deployer.infrastructure.config;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which services of an environment publish their ports on the host: every one, as compose.yaml
 * says (no {@code publish} key), or only those its {@code publish} list names. The others keep
 * their container ports on the stack's network; their port mappings are dropped, when the
 * Compose project is loaded for the environment, so the deploy, the pre-deployment checks, the
 * ports check and the security checks all see the same ports. {@code listed} is null for every
 * service, else each named service with where the config names it.
 */
public record Publishing(Path file, Map<String, Place> listed) {

  /** Every service publishes what compose.yaml publishes. */
  public static final Publishing ALL = new Publishing(null, null);

  /** Where a service is named in the config file, for errors. */
  public record Place(String key, int line) {}

  public Publishing {
    listed = listed == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(listed));
  }

  public boolean all() {
    return listed == null;
  }

  /** Whether the environment publishes {@code service}'s ports on the host. */
  public boolean publishes(String service) {
    return listed == null || listed.containsKey(service);
  }

  /**
   * The project as the environment deploys it: services not listed keep their ports, unpublished.
   * A listed name that is no service of the project is an error naming the file, line and key.
   */
  public ComposeProject apply(ComposeProject project) throws ConfigException {
    if (listed == null) {
      return project;
    }
    for (Map.Entry<String, Place> entry : listed.entrySet()) {
      if (!project.services().containsKey(entry.getKey())) {
        throw new ConfigException(file, entry.getValue().line(), entry.getValue().key(), "unknown service '"
            + entry.getKey() + "' (the Compose file has " + new TreeSet<>(project.services().keySet()) + ")");
      }
    }
    // No port mapping at all: one without a host port would still be published, on a random host
    // port, as Compose does. On the stack's network every container port stays reachable.
    Map<String, ComposeService> services = new LinkedHashMap<>();
    for (ComposeService s : project.services().values()) {
      services.put(s.name(), publishes(s.name()) ? s : new ComposeService(s.name(), s.image(), s.build(), s.command(),
          s.entrypoint(), s.environment(), List.of(), s.volumes(), s.networks(), s.dependsOn(),
          s.healthcheck(), s.restart(), s.labels(), s.limits(), s.profiles(), s.deploy(), s.options()));
    }
    return new ComposeProject(project.name(), project.workingDir(), project.configFiles(), services,
        project.volumes(), project.networks(), project.places(), project.secrets(), project.configs());
  }

  /** Reads the optional {@code publish} list of an environment's merged section. */
  static Publishing read(Path file, ConfigNode root) throws ConfigException {
    Optional<ConfigNode> node = root.optional("publish");
    if (node.isEmpty()) {
      return ALL;
    }
    Map<String, Place> listed = new LinkedHashMap<>();
    for (ConfigNode item : node.get().items()) {
      String service = item.text().trim();
      if (service.isEmpty()) {
        throw item.error("expected a service name");
      }
      if (listed.containsKey(service)) {
        throw item.error("service '" + service + "' is listed twice");
      }
      listed.put(service, new Place(item.path(), item.node().getStartMark().getLine() + 1));
    }
    return new Publishing(file, listed);
  }
}
