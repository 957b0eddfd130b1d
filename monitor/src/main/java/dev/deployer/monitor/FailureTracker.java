package dev.deployer.monitor;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts consecutive failures per check. A check reaching the threshold, or an immediate trigger,
 * makes a rollback due, once per incident: an incident lasts until every check passes again, so
 * a stack that keeps failing raises one rollback request, not one per round.
 */
public final class FailureTracker {

  private final int threshold;
  private final Map<String, Integer> consecutive = new TreeMap<>();
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

  public synchronized Update record(String check, boolean failed) {
    int before = consecutive.getOrDefault(check, 0);
    if (!failed) {
      consecutive.put(check, 0);
      if (rollbackRaised && failingChecks() == 0) {
        rollbackRaised = false;
      }
      return new Update(before > 0 ? Transition.RECOVERED : Transition.PASSING, 0, false);
    }
    int now = before + 1;
    consecutive.put(check, now);
    boolean due = now >= threshold && !rollbackRaised;
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

  private int failingChecks() {
    return (int) consecutive.values().stream().filter(count -> count > 0).count();
  }
}
