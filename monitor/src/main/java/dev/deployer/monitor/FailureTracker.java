package dev.deployer.monitor;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts consecutive failures per check. A critical check reaching the threshold, or an immediate
 * trigger, makes a rollback due, once per incident: an incident lasts until every critical check
 * passes again, so a stack that keeps failing raises one rollback request, not one per round.
 * Warning-level failures are counted (for the report and metrics) but never make a rollback due,
 * nor keep an incident open.
 */
public final class FailureTracker {

  private final int threshold;
  private final Map<String, Integer> consecutive = new TreeMap<>();
  private final Set<String> criticalFailing = new HashSet<>();
  private boolean rollbackRaised;

  /** What one outcome changed. {@code rollbackDue} is true at most once per incident. */
  public record Update(Transition transition, int consecutiveFailures, boolean rollbackDue) {}

  public enum Transition {
    PASSING,
    STARTED_FAILING,
    STILL_FAILING,
    RECOVERED
  }

  public FailureTracker(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("failure threshold must be at least 1, was " + threshold);
    }
    this.threshold = threshold;
  }

  /** One outcome of {@code check}; {@code critical} says whether its failure goes to the rollback check. */
  public synchronized Update record(String check, boolean failed, boolean critical) {
    int before = consecutive.getOrDefault(check, 0);
    if (!failed) {
      consecutive.put(check, 0);
      criticalFailing.remove(check);
      if (rollbackRaised && criticalFailing.isEmpty()) {
        rollbackRaised = false;
      }
      return new Update(before > 0 ? Transition.RECOVERED : Transition.PASSING, 0, false);
    }
    int now = before + 1;
    consecutive.put(check, now);
    if (critical) {
      criticalFailing.add(check);
    } else {
      criticalFailing.remove(check);
    }
    boolean due = critical && now >= threshold && !rollbackRaised;
    rollbackRaised |= due;
    return new Update(before == 0 ? Transition.STARTED_FAILING : Transition.STILL_FAILING, now, due);
  }

  /** An immediate trigger (a service that cannot start, a security violation): true if a rollback is now due. */
  public synchronized boolean trigger() {
    boolean due = !rollbackRaised;
    rollbackRaised = true;
    return due;
  }

  public synchronized int consecutiveFailures(String check) {
    return consecutive.getOrDefault(check, 0);
  }

  public synchronized Map<String, Integer> failing() {
    Map<String, Integer> result = new TreeMap<>();
    consecutive.forEach((check, count) -> {
      if (count > 0) {
        result.put(check, count);
      }
    });
    return result;
  }

  public int threshold() {
    return threshold;
  }
}
