package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingCheckTest {

  @Test
  void keepsTheFirstPassAndSaysWhichAttemptItWas() {
    Deque<Boolean> outcomes = new ArrayDeque<>(List.of(false, true, false));
    Check flaky = new RuleCheck("health api", "health", "UP",
        () -> outcomes.pop() ? List.of() : List.of("slow"));

    CheckResult result = new RetryingCheck(flaky, 3, Duration.ZERO).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.actual()).endsWith("(attempt 2 of 3)");
    assertThat(outcomes).hasSize(1);
  }

  @Test
  void keepsTheLastFailureWhenEveryAttemptFails() {
    int[] runs = {0};
    Check broken = new RuleCheck("health api", "health", "UP", () -> List.of("slow " + ++runs[0]));

    CheckResult result = new RetryingCheck(broken, 3, Duration.ZERO).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.actual()).isEqualTo("slow 3");
  }
}
