package dev.deployer.rollback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Rollback requests of one environment, one JSON file each in {@code <state>/<env>/rollback-requests/}. */
public final class RollbackRequests {

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Path directory;

  public RollbackRequests(Path environmentState) {
    this.directory = environmentState.resolve("rollback-requests");
  }

  public Path directory() {
    return directory;
  }

  /** Records a pending request and returns it. */
  public RollbackRequest create(String environment, String trigger, String reason, String fromRelease,
      String toRelease, Actor requestedBy) {
    Instant now = Instant.now();
    String id = "rb-" + ID_TIME.format(now) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    return create(id, environment, trigger, reason, fromRelease, toRelease, requestedBy);
  }

  /**
   * Records a pending request under an id chosen by the requester (the monitor's own). Requests of
   * the environment still pending are superseded by it: it describes the stack as it is now, and
   * only one rollback can be the one to approve.
   */
  public RollbackRequest create(String id, String environment, String trigger, String reason, String fromRelease,
      String toRelease, Actor requestedBy) {
    Instant now = Instant.now();
    RollbackRequest request = RollbackRequest.pending(id, environment, now, trigger, reason, fromRelease, toRelease,
        requestedBy.toString());
    return JsonFiles.locked(directory.resolve(".lock"), () -> {
      for (RollbackRequest older : pending()) {
        if (older.environment().equals(environment)) {
          JsonFiles.write(file(older.id()), older.decided(RollbackRequest.SUPERSEDED, requestedBy.toString(), now)
              .finished(RollbackRequest.SUPERSEDED, "superseded by " + id, null));
        }
      }
      JsonFiles.write(file(id), request);
      return request;
    });
  }

  public Optional<RollbackRequest> find(String id) {
    Path file = file(id);
    return Files.isRegularFile(file) ? Optional.of(JsonFiles.read(file, RollbackRequest.class)) : Optional.empty();
  }

  /** Every request, newest first. */
  public List<RollbackRequest> list() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json"))
          .map(f -> JsonFiles.read(f, RollbackRequest.class))
          .sorted(Comparator.comparing(RollbackRequest::created).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  public List<RollbackRequest> pending() {
    return list().stream().filter(RollbackRequest::pending).toList();
  }

  /** Changes a request under a lock, so two approvers cannot both act on it. */
  public RollbackRequest update(String id, UnaryOperator<RollbackRequest> change) {
    return JsonFiles.locked(directory.resolve(".lock"), () -> {
      RollbackRequest current = find(id).orElseThrow(() -> new IllegalArgumentException("no rollback request " + id));
      RollbackRequest next = change.apply(current);
      JsonFiles.write(file(id), next);
      return next;
    });
  }

  private Path file(String id) {
    if (!id.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("not a rollback request id: " + id);
    }
    return directory.resolve(id + ".json");
  }
}
