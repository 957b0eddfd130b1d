package dev.deployer.infrastructure.lock;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Lock records in memory with the engine's rules: one at a time, changes by key. */
final class MemoryLockRecords implements LockRecords {

  private final AtomicInteger keys = new AtomicInteger();
  private Stored stored;

  @Override
  public synchronized boolean create(LockInfo info) {
    if (stored != null) {
      return false;
    }
    stored = new Stored("k" + keys.incrementAndGet(), info);
    return true;
  }

  @Override
  public synchronized Optional<Stored> read() {
    return Optional.ofNullable(stored);
  }

  @Override
  public synchronized boolean renew(String key, Instant renewed) {
    if (stored == null || !stored.key().equals(key)) {
      return false;
    }
    stored = new Stored(key, stored.info().renewedAt(renewed));
    return true;
  }

  @Override
  public synchronized boolean remove(String key) {
    if (stored == null || !stored.key().equals(key)) {
      return false;
    }
    stored = null;
    return true;
  }

  /** Puts something in the lock's place that is not a lock. */
  synchronized void foreign() {
    stored = new Stored("k" + keys.incrementAndGet(), null);
  }

  @Override
  public String location() {
    return "memory";
  }
}
