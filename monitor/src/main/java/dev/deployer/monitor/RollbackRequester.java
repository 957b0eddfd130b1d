package dev.deployer.monitor;

/**
 * Where the monitor's rollback requests go. The deployer wires one that runs the rollback
 * service; the monitor itself knows nothing of how a rollback is done. Called on a thread of its
 * own, so an implementation may take as long as the rollback takes.
 */
@FunctionalInterface
public interface RollbackRequester {

  RollbackRequest.Decision request(RollbackRequest request);
}
