package dev.deployer.infrastructure.lock;

import java.time.Duration;
import java.time.Instant;

/**
 * Who holds a deploy lock, since when, for what, and for how long at most: the TTL counts from the
 * last renewal ({@code renewed}; null when never renewed, and in files written before renewals).
 */
public record LockInfo(
    String environment,
    String owner,
    String host,
    long pid,
    Instant started,
    Duration ttl,
    String command,
    String message,
    String token,
    Instant renewed) {

  public Instant expires() {
    return (renewed != null ? renewed : started).plus(ttl);
  }

  /** The same lock, renewed at {@code time}. */
  public LockInfo renewedAt(Instant time) {
    return new LockInfo(environment, owner, host, pid, started, ttl, command, message, token, time);
  }

  public String describe() {
    return owner + "@" + host + " (pid " + pid + ") since " + started + " for " + command
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
