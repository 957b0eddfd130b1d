package dev.deployer.monitor;

import java.time.Instant;

/**
 * One notification. {@code source} is the check (or container) it is about, {@code level} the
 * check level (service, application, infrastructure, dependency). A RESOLVED alert keeps the
 * severity of the alert it ends, so it reaches the same channels.
 */
public record Alert(Instant time, Severity severity, Kind kind, String source, String level, String message) {

  public enum Kind {
    FIRING,
    REMINDER,
    RESOLVED,
    ROLLBACK,
    NOTICE,
    /** A deploy's milestones, for the webhooks: see {@link DeployNotifications}. */
    DEPLOY_STARTED,
    DEPLOY_SUCCEEDED,
    DEPLOY_VERIFIED,
    DEPLOY_FAILED,
    ROLLED_BACK,
    ROLLBACK_AWAITING_APPROVAL
  }

  public String line() {
    return time + " " + severity + " " + kind + " [" + level + "] " + source + ": " + message;
  }
}
