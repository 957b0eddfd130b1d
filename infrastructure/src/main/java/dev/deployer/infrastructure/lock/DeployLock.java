package dev.deployer.infrastructure.lock;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * One deploy per environment at a time: a lock file under the environment's state directory.
 * The file is written in full to a temporary name and then hard-linked into place, which
 * succeeds for exactly one process and never exposes a half-written lock. A lock whose TTL has
 * passed since it was taken or last renewed, or whose process is gone on this host, is stale and
 * may be taken over.
 */
public final class DeployLock {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
  public static final String FILE_NAME = "deploy.lock";

  private static final ObjectMapper JSON = ReportStore.json();
  /** A lock file that cannot be read for this long is a leftover, not one being written. */
  private static final Duration UNREADABLE_GRACE = Duration.ofSeconds(60);

  private final Path file;
  private final String environment;
  private final Clock clock;
  private final String host;
  private final LongPredicate processAlive;

  /** The lock of the environment whose state directory is {@code environmentState}. */
  public DeployLock(Path environmentState, String environment) {
    this(environmentState.resolve(FILE_NAME), environment, Clock.systemUTC(), localHost(),
        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  DeployLock(Path file, String environment, Clock clock, String host, LongPredicate processAlive) {
    this.file = file;
    this.environment = environment;
    this.clock = clock;
    this.host = host;
    this.processAlive = processAlive;
  }

  public Path file() {
    return file;
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
    try {
      String text = Files.readString(file);
      LockInfo info = JSON.readValue(text, LockInfo.class);
      return Optional.of(new LockState(info, staleReason(info)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(unreadable());
    }
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
    try {
      Files.createDirectories(file.getParent());
      for (int attempt = 0; attempt < 5; attempt++) {
        if (tryCreate(mine)) {
          return new Acquired(mine, replaced);
        }
        Optional<LockState> current = status();
        if (current.isEmpty()) {
          continue;
        }
        if (!current.get().stale()) {
          throw new LockHeldException(current.get());
        }
        if (moveAside(current.get())) {
          replaced = current.get();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the deploy lock " + file, e);
    }
    throw new LockHeldException(status().orElseGet(this::unreadable));
  }

  /**
   * Restarts the TTL of the lock identified by {@code token}, so a run longer than the TTL (a
   * large backup, a slow start) keeps its lock; false when the lock is no longer that one. The
   * file is replaced in one atomic move, so a reader sees the old lock or the renewed one.
   */
  public boolean renew(String token) {
    Optional<LockState> current = status();
    if (current.isEmpty() || !Objects.equals(current.get().info().token(), token)) {
      return false;
    }
    try {
      Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
      try {
        JSON.writeValue(temporary.toFile(), current.get().info().renewedAt(clock.instant()));
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot renew the deploy lock " + file, e);
    }
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
      } catch (UncheckedIOException e) {
        // the next period tries again; the lock only goes stale after a whole TTL without one
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return renewer::shutdownNow;
  }

  /** Releases the lock if it is still the one identified by {@code token}; true when it was removed. */
  public boolean release(String token) {
    Optional<LockState> current = status();
    if (current.isEmpty() || !Objects.equals(current.get().info().token(), token)) {
      return false;
    }
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the deploy lock " + file, e);
    }
  }

  /** Removes whatever lock is there, live or not; returns what it was. */
  public Optional<LockState> forceRelease() {
    Optional<LockState> current = status();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the deploy lock " + file, e);
    }
    return current;
  }

  private boolean tryCreate(LockInfo info) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
    try {
      JSON.writeValue(temporary.toFile(), info);
      try {
        Files.createLink(file, temporary);
        return true;
      } catch (UnsupportedOperationException e) {
        // No hard links on this file system: an exclusive create, then the content.
        Files.createFile(file);
        Files.write(file, Files.readAllBytes(temporary));
        return true;
      }
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Moves a stale lock out of the way. The rename is atomic, but another process may have
   * replaced the stale lock between our read and the rename; then its lock is put back.
   */
  private boolean moveAside(LockState stale) throws IOException {
    Path aside = file.resolveSibling(FILE_NAME + ".stale-" + clock.millis() + "-" + UUID.randomUUID());
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return false;
    }
    try {
      LockInfo moved = JSON.readValue(Files.readString(aside), LockInfo.class);
      if (!Objects.equals(moved.token(), stale.info().token())) {
        try {
          Files.createLink(file, aside);
        } catch (FileAlreadyExistsException e) {
          // a third process has taken it meanwhile; the loop will see its lock
        }
        return false;
      }
    } catch (IOException e) {
      // unreadable: it was the stale leftover
    } finally {
      Files.deleteIfExists(aside);
    }
    return true;
  }

  private String staleReason(LockInfo info) {
    Instant now = clock.instant();
    if (info.started() == null || info.ttl() == null) {
      return "the lock file is incomplete";
    }
    if (now.isAfter(info.expires())) {
      return "its TTL of " + info.ttl().toMinutes() + " min expired at " + info.expires()
          + (info.renewed() == null ? "" : " (last renewed " + info.renewed() + ")");
    }
    if (info.pid() > 0 && host.equals(info.host()) && !processAlive.test(info.pid())) {
      return "its process " + info.pid() + " on " + host + " is gone";
    }
    return null;
  }

  private LockState unreadable() {
    Instant modified;
    try {
      modified = Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      modified = Instant.EPOCH;
    }
    LockInfo unknown = new LockInfo(environment, "unknown", "unknown", -1, modified, UNREADABLE_GRACE,
        "unknown", "unreadable lock file " + file, null, null);
    boolean old = clock.instant().isAfter(modified.plus(UNREADABLE_GRACE));
    return new LockState(unknown, old ? "the lock file cannot be read" : null);
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
