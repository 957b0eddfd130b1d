package dev.deployer.infrastructure.check;

import java.time.Duration;

/**
 * Runs a check up to {@code attempts} times, pausing between attempts, and keeps the first pass
 * or else the last failure. For single requests on a busy machine, where one slow answer is noise
 * while a fault shows on every attempt.
 */
public final class RetryingCheck implements Check {

  private final Check delegate;
  private final int attempts;
  private final Duration pause;

  public RetryingCheck(Check delegate, int attempts, Duration pause) {
    if (attempts < 1 || attempts > 10) {
      throw new IllegalArgumentException("attempts must be 1..10: " + attempts);
    }
    this.delegate = delegate;
    this.attempts = attempts;
    this.pause = pause;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String category() {
    return delegate.category();
  }

  @Override
  public CheckResult run() {
    CheckResult result = delegate.run();
    for (int attempt = 2; attempt <= attempts && result.failed(); attempt++) {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
      result = delegate.run();
      if (!result.failed()) {
        result = new CheckResult(result.name(), result.category(), result.verdict(), result.expected(),
            result.actual() + " (attempt " + attempt + " of " + attempts + ")", result.duration(), result.time());
      }
    }
    return result;
  }
}
