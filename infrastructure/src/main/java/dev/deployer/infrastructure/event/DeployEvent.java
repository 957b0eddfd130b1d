package dev.deployer.infrastructure.event;

import java.time.Duration;
import java.time.Instant;

/** Something a step wants the operator to know; the CLI renders these, the core never prints. */
public record DeployEvent(Instant time, Kind kind, String step, String message, Duration duration) {

  public enum Kind {
    STEP_STARTED,
    STEP_FINISHED,
    STEP_FAILED,
    PROGRESS,
    WARNING,
    /** More than progress, for an operator who asked for it (the CLI's --verbose): log lines, build output. */
    DETAIL
  }

  public static DeployEvent progress(String step, String message) {
    return new DeployEvent(Instant.now(), Kind.PROGRESS, step, message, null);
  }

  public static DeployEvent warning(String step, String message) {
    return new DeployEvent(Instant.now(), Kind.WARNING, step, message, null);
  }

  public static DeployEvent detail(String step, String message) {
    return new DeployEvent(Instant.now(), Kind.DETAIL, step, message, null);
  }
}
