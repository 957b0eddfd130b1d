package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.config.ProxySettings;
import dev.deployer.infrastructure.proxy.ServerStats;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges one rollout step from the edge's counters: the new color's answers over the step (5xx
 * and failed responses, as a share), its average response time, and that time against the old
 * color's over the same step. A breach says what it saw and what the limit was.
 */
final class RolloutAnalysis {

  /**
   * Below this difference in average response time the new color is never "slower": at a few
   * milliseconds the averages are noise, and a 3 ms answer after a 1 ms one is no slowdown.
   */
  static final long SLOWDOWN_FLOOR_MS = 50;

  private RolloutAnalysis() {}

  /** What the step did to one server's counters. */
  record Window(long responses, long errors, long responseTimeMs) {

    static Window between(ServerStats before, ServerStats after) {
      long errors = after.hrsp5xx() - before.hrsp5xx() + after.responseErrors() - before.responseErrors();
      return new Window(after.responses() - before.responses(), errors, after.responseTimeMs());
    }

    double errorPercent() {
      return responses == 0 ? 0 : 100.0 * errors / responses;
    }
  }

  /** Empty when the new color passed the step; else why not. */
  static Optional<String> judge(String service, Window candidate, Window previous, ProxySettings.Analysis limits) {
    if (candidate.errors() > 0 && candidate.errorPercent() > limits.maxErrorPercent()) {
      return Optional.of(String.format(Locale.ROOT, "%s: the new release failed %d of %d requests (%.1f %%, at most"
          + " %s %%)", service, candidate.errors(), candidate.responses(), candidate.errorPercent(),
          trim(limits.maxErrorPercent())));
    }
    if (candidate.responses() == 0) {
      return Optional.empty();
    }
    long limit = limits.maxResponseTime().toMillis();
    if (candidate.responseTimeMs() > limit) {
      return Optional.of(service + ": the new release answers in " + candidate.responseTimeMs() + " ms on average (at"
          + " most " + limit + " ms)");
    }
    long old = previous.responseTimeMs();
    double allowed = old * (1 + limits.maxSlowdownPercent() / 100.0);
    if (previous.responses() > 0 && candidate.responseTimeMs() - old >= SLOWDOWN_FLOOR_MS
        && candidate.responseTimeMs() > allowed) {
      return Optional.of(service + ": the new release answers in " + candidate.responseTimeMs() + " ms on average,"
          + " the old one in " + old + " ms (at most " + trim(limits.maxSlowdownPercent()) + " % slower)");
    }
    return Optional.empty();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
