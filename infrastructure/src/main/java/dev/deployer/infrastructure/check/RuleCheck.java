package dev.deployer.infrastructure.check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One rule over a running stack (a security rule, a drift from the baseline): passes when the
 * rule finds no violation, fails listing every violation. A rule that cannot be evaluated for
 * want of something to judge by throws {@link Unknown}, which warns; any other error fails.
 * Violations name services and variables, never secret values.
 */
public final class RuleCheck extends NamedCheck {

  /** Thrown by a rule that has nothing to judge by; becomes a WARN with its message. */
  public static final class Unknown extends RuntimeException {
    public Unknown(String message) {
      super(message, null, false, false);
    }
  }

  /** How the result of a rule that failed for an error, not for a violation, begins. */
  public static final String CANNOT_EVALUATE = "cannot evaluate: ";

  private final String expected;
  private final Supplier<List<String>> violations;

  public RuleCheck(String name, String category, String expected, Supplier<List<String>> violations) {
    super(name, category);
    this.expected = expected;
    this.violations = violations;
  }

  @Override
  public CheckResult run() {
    long start = System.nanoTime();
    CheckResult.Verdict verdict;
    String actual;
    try {
      List<String> found = violations.get();
      verdict = found.isEmpty() ? CheckResult.Verdict.PASS : CheckResult.Verdict.FAIL;
      actual = found.isEmpty() ? "as expected" : String.join("; ", found);
    } catch (Unknown e) {
      verdict = CheckResult.Verdict.WARN;
      actual = "not evaluated: " + e.getMessage();
    } catch (RuntimeException e) {
      verdict = CheckResult.Verdict.FAIL;
      actual = CANNOT_EVALUATE + e.getMessage();
    }
    return new CheckResult(name(), category(), verdict, expected, actual, Duration.ofNanos(System.nanoTime() - start),
        Instant.now());
  }
}
