package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.NamedCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Checks run side by side, in their order in the report; the load probe alone, after them. */
class ValidateBaselineStepTest {

  private final ConcurrentHashMap<String, Instant[]> spans = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  @Test
  void checksRunSideBySideAndTheLoadProbeAloneAfterThem() {
    List<Check> checks = List.of(check("ports api", "ports"), check("resources api", "resources"),
        check("performance api", "performance"), check("resources db", "resources"), check("security x", "security"));

    List<CheckResult> results = ValidateBaselineStep.runChecks(checks);

    assertThat(results).extracting(CheckResult::name)
        .containsExactly("ports api", "resources api", "performance api", "resources db", "security x");
    assertThat(mostAtOnce.get()).as("the other checks overlap").isGreaterThan(1);
    Instant probeStart = spans.get("performance api")[0];
    spans.forEach((name, span) -> {
      if (!name.equals("performance api")) {
        assertThat(span[1]).as(name + " ended before the probe began").isBeforeOrEqualTo(probeStart);
      }
    });
  }

  @Test
  void afterAWarmRollbackTheProbeRunsBesideTheOthers() {
    List<Check> checks = List.of(check("resources api", "resources"), check("performance api", "performance"));

    List<CheckResult> results = ValidateBaselineStep.runChecks(checks, true);

    assertThat(results).extracting(CheckResult::name).containsExactly("resources api", "performance api");
    assertThat(mostAtOnce.get()).as("the probe overlaps the resource sample").isEqualTo(2);
  }

  private Check check(String name, String category) {
    return new NamedCheck(name, category) {
      @Override
      public CheckResult run() {
        Instant start = Instant.now();
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        running.decrementAndGet();
        spans.put(name, new Instant[] {start, Instant.now()});
        return new CheckResult(name, category, CheckResult.Verdict.PASS, "", "", Duration.ofMillis(200), Instant.now());
      }
    };
  }
}
