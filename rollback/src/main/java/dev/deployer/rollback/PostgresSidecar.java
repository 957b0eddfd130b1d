package dev.deployer.rollback;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.swarm.SwarmServiceSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL client on this engine for a stack database whose swarm task runs on another node,
 * where the deployer cannot exec: a container of the database's own image on the stack's overlay
 * network, reaching the task by its service name. It carries the service's POSTGRES_USER and
 * POSTGRES_DB, and its password as libpq's PGPASSWORD with PGHOST, so the dump, the restore and the
 * queries of {@link PostgresDatabase} run in it unchanged. It is removed when the database is
 * closed; one left by a crash is removed by the next.
 */
final class PostgresSidecar {

  /** Marks the client containers, with the project's name. */
  static final String LABEL = "dev.deployer.db-client";

  private static final Duration READY_WITHIN = Duration.ofSeconds(15);

  private PostgresSidecar() {}

  /**
   * The database reached from a client container, or empty when the stack has no overlay network
   * on this engine or the database does not answer there.
   */
  static Optional<PostgresDatabase> start(ContainerEngine engine, ComposeProject project, ComposeService service) {
    Optional<String> network = service.effectiveNetworks().stream()
        .map(key -> SwarmServiceSpecs.networkName(project, key))
        .filter(name -> engine.network(name).map(NetworkConfig::driver).filter("overlay"::equals).isPresent())
        .findFirst();
    if (network.isEmpty()) {
      return Optional.empty();
    }
    for (ContainerInfo stale : engine.containers(Map.of(LABEL, project.name()))) {
      engine.removeContainer(stale.id());
    }
    String id = engine.createContainer(new ContainerSpec(project.name() + "-db-client", service.image(),
        List.of("sleep"), List.of("86400"), environment(service), Map.of(LABEL, project.name()), List.of(), List.of(),
        List.of(new ContainerSpec.Network(network.get(), List.of())), null, null, null, null));
    ContainerInfo container;
    try {
      engine.startContainer(id);
      container = engine.container(id).orElseThrow();
      if (!answers(engine, id)) {
        engine.removeContainer(id);
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      engine.removeContainer(id);
      throw e;
    }
    return Optional.of(new PostgresDatabase(engine, service.name(), container, () -> engine.removeContainer(id)));
  }

  private static Map<String, String> environment(ComposeService service) {
    Map<String, String> source = service.environment();
    if (!source.containsKey("POSTGRES_PASSWORD") && source.containsKey("POSTGRES_PASSWORD_FILE")) {
      throw new PostgresDatabase.DatabaseException("service " + service.name() + " runs on another swarm node and"
          + " reads its password from a file (POSTGRES_PASSWORD_FILE), which the deployer cannot reach from the"
          + " manager; pin it to the manager (deploy.placement) or give POSTGRES_PASSWORD");
    }
    Map<String, String> environment = new LinkedHashMap<>();
    for (String key : List.of("POSTGRES_USER", "POSTGRES_DB")) {
      if (source.containsKey(key)) {
        environment.put(key, source.get(key));
      }
    }
    environment.put("PGHOST", service.name());
    environment.put("PGCONNECT_TIMEOUT", "5");
    if (source.containsKey("POSTGRES_PASSWORD")) {
      environment.put("PGPASSWORD", source.get("POSTGRES_PASSWORD"));
    }
    return environment;
  }

  private static boolean answers(ContainerEngine engine, String id) {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    do {
      if (engine.exec(id, List.of("pg_isready", "-q"), Duration.ofSeconds(10)).exitCode() == 0) {
        return true;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    } while (Instant.now().isBefore(deadline));
    return false;
  }
}
