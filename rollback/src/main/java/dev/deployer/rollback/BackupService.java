package dev.deployer.rollback;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.check.Redaction;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Takes the pre-deploy backup: a dump of the running database, the config and compose files, the
 * last log lines of every container (secrets masked) and the running image ids, with a manifest
 * of SHA-256 checksums. It is assembled in a hidden directory and renamed into place when
 * complete, so a listed backup is never a partial one.
 */
public final class BackupService {

  public static final int LOG_LINES = 200;

  private final ContainerEngine engine;
  private final BackupStore store;

  public BackupService(ContainerEngine engine, BackupStore store) {
    this.engine = engine;
    this.store = store;
  }

  /** What to back up: the stack, its files, and the values to mask in logs. */
  public record Request(String release, String environment, ComposeProject project, List<Path> files,
      String runningRelease, Map<String, String> secrets) {}

  public BackupManifest create(Request request, Consumer<String> progress) {
    Path target = store.directory(request.release());
    Path partial = store.root().resolve("." + request.release() + ".partial");
    try {
      Directories.delete(partial);
      // A dump holds every row of the database: no one but the owner may read it, even while it is written.
      OwnerOnly.directory(store.root());
      OwnerOnly.directory(partial);
      BackupManifest.Database database = dumpDatabase(request.project(), partial, progress);
      copyFiles(request.files(), partial.resolve("config"),
          ReleaseValues.secretVariable(ReleaseValues.secretVariables(request.project())));
      Map<String, BackupManifest.ServiceState> services = saveLogs(request, partial.resolve("logs"));
      JsonFiles.write(partial.resolve("images.json"), services);
      BackupManifest manifest = new BackupManifest(request.release(), request.environment(), request.project().name(),
          Instant.now(), request.runningRelease(), entries(partial), database, services);
      JsonFiles.write(partial.resolve(BackupStore.MANIFEST), manifest);
      OwnerOnly.tree(partial);
      Directories.delete(target);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      progress.accept("backup " + target + ": " + manifest.files().size() + " files"
          + (database.skipped() == null ? ", " + database.totalRows() + " rows in " + database.rowCounts().size()
              + " tables" : ", no database dump (" + database.skipped() + ")"));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the backup " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        Directories.delete(partial);
      } catch (IOException e) {
        // a leftover partial directory is replaced by the next backup
      }
    }
  }

  private BackupManifest.Database dumpDatabase(ComposeProject project, Path directory, Consumer<String> progress) {
    Optional<String> service = PostgresDatabase.serviceOf(project);
    if (service.isEmpty()) {
      return new BackupManifest.Database(null, null, null, Map.of(), null, "the stack has no PostgreSQL service");
    }
    Optional<PostgresDatabase> database = PostgresDatabase.running(engine, project);
    if (database.isEmpty()) {
      return new BackupManifest.Database(service.get(), null, null, Map.of(), null,
          "service " + service.get() + " is not running");
    }
    try (PostgresDatabase db = database.get()) {
      Path dump = directory.resolve("database.sql");
      progress.accept("dumping " + db.container().name());
      db.dump(dump);
      DumpInspector.Contents contents = DumpInspector.inspect(dump);
      return new BackupManifest.Database(service.get(), db.container().name(), "database.sql",
          contents.rowCounts(), contents.flywayVersion(), null);
    }
  }

  /** Copies {@code files} into {@code directory}; a {@code .env} without the entries of {@code secret} variables. */
  private static void copyFiles(List<Path> files, Path directory, Predicate<String> secret) throws IOException {
    Files.createDirectories(directory);
    for (Path file : files) {
      if (Files.isRegularFile(file)) {
        String name = file.getFileName().toString();
        Path copy = directory.resolve(name);
        for (int n = 2; Files.exists(copy); n++) {
          copy = directory.resolve(n + "-" + name);
        }
        if (name.equals(".env")) {
          ReleaseValues.copyDotEnv(file, copy, secret);
        } else {
          Files.copy(file, copy);
        }
      }
    }
  }

  private Map<String, BackupManifest.ServiceState> saveLogs(Request request, Path directory) throws IOException {
    Files.createDirectories(directory);
    Map<String, BackupManifest.ServiceState> services = new TreeMap<>();
    for (ContainerInfo container : engine.containers(ComposeLabels.project(request.project().name()))) {
      String service = container.label(ComposeLabels.SERVICE);
      String key = service == null ? container.name() : service;
      List<String> lines = engine.logs(container.id(), LOG_LINES).stream()
          .map(line -> Redaction.scrub(line, request.secrets()))
          .toList();
      Files.write(directory.resolve(key + ".log"), lines, StandardCharsets.UTF_8);
      services.put(key, new BackupManifest.ServiceState(container.name(), container.image(), container.imageId(),
          container.label(ComposeLabels.RELEASE), container.state()));
    }
    return services;
  }

  private static List<BackupManifest.FileEntry> entries(Path directory) throws IOException {
    List<BackupManifest.FileEntry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        entries.add(new BackupManifest.FileEntry(directory.relativize(file).toString().replace('\\', '/'),
            Files.size(file), Checksums.sha256(file)));
      }
    }
    return entries;
  }
}
