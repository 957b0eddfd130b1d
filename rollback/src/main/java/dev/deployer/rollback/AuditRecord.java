package dev.deployer.rollback;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit trail.
 *
 * @param action deploy, rollback, rollback-request, approve, lock-override, lock-release, restore-data
 * @param from the release running before, if any
 * @param to the release running after (or aimed at), if any
 * @param result what came of it: verified, failed, rolled-back, pending, done, refused...
 */
public record AuditRecord(
    Instant time,
    String environment,
    String action,
    String user,
    String host,
    String reason,
    String from,
    String to,
    String result,
    Map<String, String> details) {

  public AuditRecord {
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  public static AuditRecord of(String environment, String action, Actor actor, String reason, String from, String to,
      String result, Map<String, String> details) {
    return new AuditRecord(Instant.now(), environment, action, actor.user(), actor.host(), reason, from, to, result,
        details);
  }
}
