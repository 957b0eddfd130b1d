package dev.deployer.rollback;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stack's PostgreSQL, reached only through {@code exec} in its container, with the
 * container's own POSTGRES_USER and POSTGRES_DB, so no credentials pass through the deployer.
 * When its swarm task runs on another node, the execs go to a client container on this engine
 * instead ({@link PostgresSidecar}), given the service's password; close the database to remove it.
 */
public final class PostgresDatabase implements AutoCloseable {

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DUMP_TIMEOUT = Duration.ofMinutes(30);
  private static final String USER = "\"${POSTGRES_USER:-postgres}\"";
  private static final String DATABASE = "\"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\"";

  private final ContainerEngine engine;
  private final String service;
  private final ContainerInfo container;
  private final Runnable onClose;

  PostgresDatabase(ContainerEngine engine, String service, ContainerInfo container, Runnable onClose) {
    this.engine = engine;
    this.service = service;
    this.container = container;
    this.onClose = onClose;
  }

  PostgresDatabase(ContainerEngine engine, String service, ContainerInfo container) {
    this(engine, service, container, () -> { });
  }

  /** The project's PostgreSQL service: the one whose image is postgres or that sets POSTGRES_DB. */
  public static Optional<String> serviceOf(ComposeProject project) {
    return project.services().values().stream()
        .filter(s -> (s.image() != null && s.image().matches("(.*/)?postgres(:.*)?"))
            || s.environment().containsKey("POSTGRES_DB"))
        .map(ComposeService::name)
        .findFirst();
  }

  /**
   * The running database of the project, if there is one: its container on this engine (the
   * Compose container, or on the swarm target the service's task on this node), else, in a swarm,
   * the service's task on another node through a client container. Close it when done.
   */
  public static Optional<PostgresDatabase> running(ContainerEngine engine, ComposeProject project) {
    Optional<String> service = serviceOf(project);
    if (service.isEmpty()) {
      return Optional.empty();
    }
    Optional<PostgresDatabase> local = java.util.stream.Stream.of(ComposeLabels.service(project.name(), service.get()),
            Map.of(SwarmLabels.SERVICE_NAME, SwarmLabels.serviceName(project.name(), service.get())))
        .flatMap(selector -> engine.containers(selector).stream())
        .filter(ContainerInfo::running)
        .findFirst()
        .map(c -> new PostgresDatabase(engine, service.get(), c));
    if (local.isPresent() || !engine.info().swarmActive()) {
      return local;
    }
    return PostgresSidecar.start(engine, project, project.services().get(service.get()));
  }

  /** Removes the client container, if the database was reached through one. */
  @Override
  public void close() {
    onClose.run();
  }

  public String service() {
    return service;
  }

  public ContainerInfo container() {
    return container;
  }

  /** A plain SQL dump of the database, written to {@code file}. */
  public void dump(Path file) {
    ContainerEngine.ExecResult result = engine.execToFile(container.id(),
        List.of("sh", "-c", "pg_dump -U " + USER + " -d " + DATABASE + " --no-owner"), file, DUMP_TIMEOUT);
    if (result.exitCode() != 0) {
      throw new DatabaseException("pg_dump in " + container.name() + " failed (exit " + result.exitCode() + "): "
          + result.stderr().strip());
    }
  }

  /**
   * Replaces the database with the dump: drops and recreates it (ending any session still
   * connected), then runs the dump, stopping at the first error.
   */
  public void restore(Path dump) {
    String script = "psql -v ON_ERROR_STOP=1 -q -U " + USER + " -d postgres"
        + " -c \"DROP DATABASE IF EXISTS \\\"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\\\" WITH (FORCE)\""
        + " -c \"CREATE DATABASE \\\"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\\\"\""
        + " && psql -v ON_ERROR_STOP=1 -q -U " + USER + " -d " + DATABASE;
    ContainerEngine.ExecResult result = engine.execWithInput(container.id(), List.of("sh", "-c", script), dump,
        DUMP_TIMEOUT);
    if (result.exitCode() != 0) {
      throw new DatabaseException("restoring the dump in " + container.name() + " failed (exit " + result.exitCode()
          + "): " + result.stderr().strip());
    }
  }

  /** Rows per table of every user schema, counted exactly. */
  public Map<String, Long> rowCounts() {
    String sql = "select table_schema || '.' || table_name, (xpath('/row/c/text()', query_to_xml(format("
        + "'select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]::text "
        + "from information_schema.tables where table_type = 'BASE TABLE' "
        + "and table_schema not in ('pg_catalog', 'information_schema') order by 1";
    Map<String, Long> counts = new TreeMap<>();
    for (String line : query(sql).lines().toList()) {
      String[] fields = line.split("\t");
      if (fields.length == 2) {
        counts.put(fields[0], Long.parseLong(fields[1].trim()));
      }
    }
    return counts;
  }

  /** The highest successfully applied Flyway version, or empty without a schema history. */
  public Optional<String> flywayVersion() {
    String sql = "select coalesce(string_agg(version, ','), '') from flyway_schema_history"
        + " where success and version is not null";
    if (!query("select to_regclass('flyway_schema_history') is not null").strip().equals("t")) {
      return Optional.empty();
    }
    String versions = query(sql).strip();
    return versions.isEmpty() ? Optional.empty()
        : java.util.Arrays.stream(versions.split(",")).max(FlywayVersion.ORDER);
  }

  String query(String sql) {
    ContainerEngine.ExecResult result = engine.exec(container.id(), List.of("sh", "-c",
        "psql -X -v ON_ERROR_STOP=1 -U " + USER + " -d " + DATABASE + " -tA -F \"$(printf '\\t')\" -c \"$1\"", "sh", sql),
        QUERY_TIMEOUT);
    if (result.exitCode() != 0) {
      throw new DatabaseException("query in " + container.name() + " failed (exit " + result.exitCode() + "): "
          + result.stderr().strip());
    }
    return result.stdout();
  }

  /** A database operation that did not succeed. */
  public static final class DatabaseException extends RuntimeException {
    public DatabaseException(String message) {
      super(message);
    }
  }
}
