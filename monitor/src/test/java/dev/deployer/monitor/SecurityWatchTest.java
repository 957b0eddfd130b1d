package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.SecurityChecks;
import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ImageConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The security rules as the monitor runs them, over a scripted stack; no engine. */
class SecurityWatchTest {

  private final TestClock clock = new TestClock();
  private final AtomicInteger looks = new AtomicInteger();
  private final AtomicInteger pinnedLookups = new AtomicInteger();
  private volatile boolean privileged;
  private volatile boolean engineDown;

  @Test
  void oneCheckPerRuleOfTheLevelAndAFailureIsAViolation() {
    List<MonitoredCheck> checks = checks(SecurityLevel.BASIC);
    privileged = true;

    List<CheckResult> results = run(checks);

    assertThat(checks).extracting(MonitoredCheck::name).containsExactly("security no privileged container",
        "security no docker socket", "security data stores on loopback");
    assertThat(checks).allMatch(c -> c.schedule() == MonitoredCheck.Schedule.METRICS && c.immediateTrigger());
    assertThat(results).extracting(CheckResult::verdict)
        .containsExactly(CheckResult.Verdict.FAIL, CheckResult.Verdict.PASS, CheckResult.Verdict.PASS);
    assertThat(results.get(0).actual()).isEqualTo("api is privileged");
  }

  @Test
  void aRoundLooksAtTheStackOnceAndTheNextRoundAfresh() {
    List<MonitoredCheck> checks = checks(SecurityLevel.BASIC);

    run(checks);
    assertThat(looks).hasValue(1);
    assertThat(run(checks)).allMatch(r -> r.verdict() == CheckResult.Verdict.PASS);
    assertThat(looks).as("same round").hasValue(1);

    privileged = true;
    clock.advance(Duration.ofSeconds(10));
    assertThat(run(checks).get(0).verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(looks).hasValue(2);
    assertThat(pinnedLookups).as("only the maximum level reads the pinned image ids").hasValue(0);
  }

  @Test
  void aRuleThatCannotBeEvaluatedWarnsInsteadOfFailing() {
    List<MonitoredCheck> checks = checks(SecurityLevel.BASIC);
    engineDown = true;

    List<CheckResult> results = run(checks);

    assertThat(results).allSatisfy(result -> {
      assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
      assertThat(result.actual()).startsWith("not evaluated this round: ").contains("engine not answering");
    });
  }

  @Test
  void theMaximumLevelLooksUpThePinnedImagesEachRound() {
    List<MonitoredCheck> checks = checks(SecurityLevel.MAXIMUM);

    CheckResult pinned = run(checks).stream().filter(r -> r.name().equals("security images pinned")).findFirst()
        .orElseThrow();
    clock.advance(Duration.ofSeconds(10));
    run(checks);

    assertThat(pinned.verdict()).as(pinned.actual()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(pinnedLookups).hasValue(2);
  }

  private List<MonitoredCheck> checks(SecurityLevel level) {
    Supplier<List<ServiceContainer>> services = () -> {
      looks.incrementAndGet();
      if (engineDown) {
        throw new IllegalStateException("engine not answering");
      }
      return List.of(api(privileged));
    };
    SecurityChecks.Target template = new SecurityChecks.Target(services, new OkHttpClient(), null, "/members",
        List.of(), Set.of(), Set.of("api"), Map.of());
    return SecurityWatch.checks(level, template, () -> {
      pinnedLookups.incrementAndGet();
      return Map.of("api", "sha256:api");
    }, Duration.ofSeconds(10), clock);
  }

  private static List<CheckResult> run(List<MonitoredCheck> checks) {
    return checks.stream().map(c -> c.check().run()).toList();
  }

  private static ServiceContainer api(boolean privileged) {
    ContainerSettings settings = new ContainerSettings("10001", privileged, List.of(), Map.of(), 1_000_000_000L,
        512L << 20, List.of(), List.of());
    ContainerInfo container = new ContainerInfo("id", "api", "image", "sha256:api", Map.of(), "running", "healthy", 0,
        0, false, Instant.now(), List.of());
    return new ServiceContainer("api", true, container, settings,
        new ImageConfig("sha256:api", "10001", List.of(), List.of(), List.of()), Set.of());
  }

  private static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
