package dev.deployer.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.infrastructure.report.ReportStore;
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

  public static final String PENDING = "pending";
  public static final String REQUESTED = "requested";

  private final Path directory;

  public RecordingRollbackRequester(Path directory) {
    this.directory = directory;
  }

  /**
   * {@code <state>/monitor/rollback-requests}: the monitor's own record, apart from the rollback
   * module's request store, whose format differs.
   */
  public static RecordingRollbackRequester inStateDirectory(Path stateDirectory) {
    return new RecordingRollbackRequester(stateDirectory.resolve("monitor").resolve("rollback-requests"));
  }

  public Path directory() {
    return directory;
  }

  @Override
  public RollbackRequest.Decision request(RollbackRequest request) {
    String status = request.requiresConfirmation() ? PENDING : REQUESTED;
    Path target = directory.resolve(request.id() + ".json");
    try {
      Files.createDirectories(directory);
      ObjectNode json = ReportStore.json().valueToTree(request);
      json.put("status", status);
      Path temporary = Files.createTempFile(directory, request.id(), ".tmp");
      ReportStore.json().writeValue(temporary.toFile(), json);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record rollback request " + target, e);
    }
    return request.requiresConfirmation()
        ? new RollbackRequest.Decision(RollbackRequest.Status.PENDING_APPROVAL,
            "pending approval: deployer rollback --env " + request.environment() + " --approve " + request.id())
        : new RollbackRequest.Decision(RollbackRequest.Status.RECORDED, "recorded in " + target);
  }
}
