package dev.deployer.monitor;

import dev.deployer.rollback.RollbackRequest;

/**
 * Where the monitor's rollback requests go. The deployer wires one that runs the rollback
 * service; the monitor itself knows nothing of how a rollback is done. Called on a thread of its
 * own, so an implementation may take as long as the rollback takes.
 */
@FunctionalInterface
public interface RollbackRequester {

  Decision request(RollbackRequest request);

  /** What became of a request. */
  record Decision(Status status, String detail) {}

  enum Status {
    /** Recorded; nothing was wired to execute it. */
    RECORDED,
    /** Waiting for {@code deployer rollback --approve ID}. */
    PENDING_APPROVAL,
    EXECUTED,
    FAILED
  }
}
