package dev.deployer.infrastructure.lock;

import dev.deployer.infrastructure.engine.ContainerEngine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * One deploy per project at a time, on the engine the stack runs on: every client of that engine
 * (another working directory, another CI runner, another machine with the same DOCKER_HOST) sees
 * the same lock. A lock whose TTL has passed since it was taken or last renewed, or whose process
 * is gone on this host, is stale and may be taken over; the takeover removes exactly the stale
 * lock it judged, so two deployers never both take it.
 */
public final class DeployLock {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

  private final LockRecords records;
  private final String environment;
  private final Clock clock;
  private final String host;
  private final LongPredicate processAlive;

  /** The lock of {@code project} on {@code engine}, taken for {@code environment}. */
  public DeployLock(ContainerEngine engine, String project, String environment) {
    this(new EngineLockRecords(engine, project), environment, Clock.systemUTC(), localHost(),
        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  DeployLock(LockRecords records, String environment, Clock clock, String host, LongPredicate processAlive) {
    this.records = records;
    this.environment = environment;
    this.clock = clock;
    this.host = host;
    this.processAlive = processAlive;
  }

  /** The name of the container that is the lock of {@code project}. */
  public static String containerName(String project) {
    return EngineLockRecords.containerName(project);
  }

  /** Where the lock is kept, for people. */
  public String location() {
    return records.location();
  }

  /** Renewals that go on until closed. */
  public interface Renewal extends AutoCloseable {
    @Override
    void close();
  }

  /** A successful acquisition: what we now hold, and the stale lock we replaced, if any. */
  public record Acquired(LockInfo info, LockState replaced) {}

  /** The current lock, if any, with its staleness. */
  public Optional<LockState> status() {
    return records.read().map(this::state);
  }

  /** Takes the lock, replacing a stale one; throws when a live lock is held by anyone, us included. */
  public Acquired acquire(String owner, String command, String message, Duration ttl) throws LockHeldException {
    return acquire(owner, command, message, ttl, true);
  }

  /**
   * @param boundToProcess false for a lock taken by hand ({@code deployer lock acquire}) that
   *     outlives the command: it records no pid and only its TTL makes it stale
   */
  public Acquired acquire(String owner, String command, String message, Duration ttl, boolean boundToProcess)
      throws LockHeldException {
    LockInfo mine = new LockInfo(environment, owner, host, boundToProcess ? ProcessHandle.current().pid() : 0,
        clock.instant(), ttl, command, message, UUID.randomUUID().toString(), null);
    LockState replaced = null;
    LockState last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      if (records.create(mine)) {
        return new Acquired(mine, replaced);
      }
      Optional<LockRecords.Stored> current = records.read();
      if (current.isEmpty()) {
        continue; // released between our attempt and the look
      }
      last = state(current.get());
      if (!last.stale()) {
        throw new LockHeldException(last);
      }
      // Removed by its key: only the lock judged stale goes, never one that replaced it meanwhile.
      if (records.remove(current.get().key())) {
        replaced = last;
      }
    }
    throw new LockHeldException(status().orElse(last));
  }

  /**
   * Restarts the TTL of the lock identified by {@code token}, so a run longer than the TTL (a
   * large backup, a slow start) keeps its lock; false when the lock is no longer that one.
   */
  public boolean renew(String token) {
    Optional<LockRecords.Stored> current = records.read();
    if (current.isEmpty() || current.get().info() == null || !Objects.equals(current.get().info().token(), token)) {
      return false;
    }
    return records.renew(current.get().key(), clock.instant());
  }

  /**
   * Renews the lock identified by {@code token} every {@code period} until closed, on a daemon
   * thread; a renewal that fails is tried again at the next period.
   */
  public Renewal keepRenewed(String token, Duration period) {
    ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "deploy-lock-renewal");
      thread.setDaemon(true);
      return thread;
    });
    renewer.scheduleAtFixedRate(() -> {
      try {
        renew(token);
      } catch (RuntimeException e) {
        // the engine did not answer: the next period tries again; the lock only goes stale after a whole TTL
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return renewer::shutdownNow;
  }

  /** Releases the lock if it is still the one identified by {@code token}; true when it was removed. */
  public boolean release(String token) {
    Optional<LockRecords.Stored> current = records.read();
    if (current.isEmpty() || current.get().info() == null || !Objects.equals(current.get().info().token(), token)) {
      return false;
    }
    return records.remove(current.get().key());
  }

  /** Removes whatever lock is there, live or not; returns what it was. */
  public Optional<LockState> forceRelease() {
    Optional<LockRecords.Stored> current = records.read();
    current.ifPresent(stored -> records.remove(stored.key()));
    return current.map(this::state);
  }

  private LockState state(LockRecords.Stored stored) {
    if (stored.info() == null) {
      LockInfo unknown = new LockInfo(environment, "unknown", "unknown", -1, Instant.EPOCH, Duration.ZERO,
          "unknown", "something that is not a deploy lock is in its place: " + records.location(), null, null);
      return new LockState(unknown, null);
    }
    return new LockState(stored.info(), staleReason(stored.info()));
  }

  private String staleReason(LockInfo info) {
    Instant now = clock.instant();
    if (now.isAfter(info.expires())) {
      return "its TTL of " + info.ttl().toMinutes() + " min expired at " + info.expires()
          + (info.renewed() == null ? "" : " (last renewed " + info.renewed() + ")");
    }
    if (info.pid() > 0 && host.equals(info.host()) && !processAlive.test(info.pid())) {
      return "its process " + info.pid() + " on " + host + " is gone";
    }
    return null;
  }

  static String localHost() {
    String name = System.getenv("HOSTNAME");
    if (name != null && !name.isBlank()) {
      return name;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
