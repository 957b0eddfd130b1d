package dev.deployer.infrastructure.lock;

/** A lock found on disk, and whether it can be taken over: {@code staleReason} is null for a live lock. */
public record LockState(LockInfo info, String staleReason) {

  public boolean stale() {
    return staleReason != null;
  }
}
