package dev.deployer.infrastructure.lock;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a deploy lock is kept. Creating one is atomic (of several callers, one succeeds), and a
 * change names the one lock it is meant for by its key, so it never lands on a lock that replaced it.
 */
interface LockRecords {

  /** Stores {@code info} as the lock unless there is one; false when there is. */
  boolean create(LockInfo info);

  /** The lock there now, if any. */
  Optional<Stored> read();

  /** Records a renewal of the lock {@code key}; false when that lock is gone. */
  boolean renew(String key, Instant renewed);

  /** Removes the lock {@code key}; false when it was already gone (someone else removed it). */
  boolean remove(String key);

  /** Where the lock is, for people: "container scheduler-local-deploy-lock on unix:///var/run/docker.sock". */
  String location();

  /**
   * One stored lock. {@code info} is null when something is in the lock's place that is not a lock
   * this tool wrote (a container of that name made by hand), which is never taken over by itself.
   */
  record Stored(String key, LockInfo info) {}
}
