package dev.deployer.infrastructure.check;

import java.time.Duration;
import java.time.Instant;

/** The outcome of one check: what was expected, what was found, and the verdict. */
public record CheckResult(
    String name,
    String category,
    Verdict verdict,
    String expected,
    String actual,
    Duration duration,
    Instant time) {

  public enum Verdict {
    PASS,
    WARN,
    FAIL
  }

  public static CheckResult pass(Check check, String expected, String actual, Duration took) {
    return new CheckResult(check.name(), check.category(), Verdict.PASS, expected, actual, took, Instant.now());
  }

  public static CheckResult warn(Check check, String expected, String actual, Duration took) {
    return new CheckResult(check.name(), check.category(), Verdict.WARN, expected, actual, took, Instant.now());
  }

  public static CheckResult fail(Check check, String expected, String actual, Duration took) {
    return new CheckResult(check.name(), check.category(), Verdict.FAIL, expected, actual, took, Instant.now());
  }

  public boolean failed() {
    return verdict == Verdict.FAIL;
  }
}
