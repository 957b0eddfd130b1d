package dev.deployer.infrastructure.lock;

import java.time.Duration;
import java.time.Instant;

/** Who holds a deploy lock, since when, for what, and for how long at most. */
public record LockInfo(
    String environment,
    String owner,
    String host,
    long pid,
    Instant started,
    Duration ttl,
    String command,
    String message,
    String token) {

  public Instant expires() {
    return started.plus(ttl);
  }

  public String describe() {
    return owner + "@" + host + " (pid " + pid + ") since " + started + " for " + command
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
