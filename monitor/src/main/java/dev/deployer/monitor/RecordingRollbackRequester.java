package dev.deployer.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Records each request as {@code <directory>/<id>.json} with a {@code status}: "pending" where
 * the environment requires confirmation (for {@code deployer status} to show and
 * {@code deployer rollback --approve ID} to act on), else "requested". It executes nothing; the
 * deployer wraps or replaces it with one that runs the rollback.
 */
public final class RecordingRollbackRequester implements RollbackRequester {

  public static final String PENDING = "pending";
  public static final String REQUESTED = "requested";

  private final Path directory;

  public RecordingRollbackRequester(Path directory) {
    this.directory = directory;
  }

  /** {@code <state>/rollback-requests}, next to the environment's reports. */
  public static RecordingRollbackRequester inStateDirectory(Path stateDirectory) {
    return new RecordingRollbackRequester(stateDirectory.resolve("rollback-requests"));
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
