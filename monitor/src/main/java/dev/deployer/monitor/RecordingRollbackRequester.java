package dev.deployer.monitor;

import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.rollback.RollbackRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The default when nothing carries requests out (the deployer wires the rollback service
 * instead): records each as {@code <directory>/<id>.json} with a {@code status}, "pending" where
 * the environment requires confirmation, else "requested".
 */
public final class RecordingRollbackRequester implements RollbackRequester {

  public static final String PENDING = RollbackRequest.PENDING;
  public static final String REQUESTED = RollbackRequest.REQUESTED;

  private final Path directory;

  public RecordingRollbackRequester(Path directory) {
    this.directory = directory;
  }

  /**
   * {@code <state>/monitor/rollback-requests}: the monitor's own record, apart from the rollback
   * module's request store, whose requests wait for an operator's decision.
   */
  public static RecordingRollbackRequester inStateDirectory(Path stateDirectory) {
    return new RecordingRollbackRequester(stateDirectory.resolve("monitor").resolve("rollback-requests"));
  }

  public Path directory() {
    return directory;
  }

  @Override
  public Decision request(RollbackRequest request) {
    String status = request.requiresConfirmation() ? PENDING : REQUESTED;
    Path target = directory.resolve(request.id() + ".json");
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, request.id(), ".tmp");
      ReportStore.json().writeValue(temporary.toFile(), request.withStatus(status));
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record rollback request " + target, e);
    }
    return request.requiresConfirmation()
        ? new Decision(Status.PENDING_APPROVAL,
            "pending approval: deployer rollback --env " + request.environment() + " --approve " + request.id())
        : new Decision(Status.RECORDED, "recorded in " + target);
  }
}
