package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerformanceCheckTest {

  TestHttpServer server;
  final LoadProbe probe = new LoadProbe(new OkHttpClient(),
      new LoadProbe.Settings(2, 12, Duration.ofSeconds(5), 0, Duration.ofSeconds(5)));

  @BeforeEach
  void start() throws Exception {
    server = new TestHttpServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void failsWhenP95IsAboveTheMaximumResponseTime() {
    server.delayMillis = 150;

    CheckResult result = check(Duration.ofMillis(100), 0.1, null).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.category()).isEqualTo("performance");
    assertThat(result.actual()).contains("p95 above 100 ms");
  }

  @Test
  void failsWhenThroughputIsBelowTheMinimum() {
    server.delayMillis = 100;

    CheckResult result = check(Duration.ofSeconds(5), 1000, null).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.actual()).contains("throughput below 1000 req/s");
  }

  @Test
  void failsWhenManyRequestsFail() {
    server.status = 500;

    CheckResult result = check(Duration.ofSeconds(5), 0.1, null).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.actual()).contains("100% of requests failed");
  }

  @Test
  void onlyWarnsWhenWorseThanTheBaselineBeyondTheTolerance() {
    server.delayMillis = 60;

    CheckResult result = check(Duration.ofSeconds(5), 0.1, new PerformanceCheck.Reference(5, 10, 12, 1000)).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
    assertThat(result.actual()).contains("above baseline").contains("below baseline");
    assertThat(result.expected()).contains("within 50% of baseline p95 10 ms");
  }

  @Test
  void passesWithinThresholdsAndTolerance() {
    PerformanceCheck check = check(Duration.ofSeconds(5), 0.1, new PerformanceCheck.Reference(1, 2000, 3000, 0.2));

    CheckResult result = check.run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(check.lastResult().requests()).isEqualTo(12);
  }

  @Test
  void warnsWithoutMeasuringBeyondLoopback() {
    PerformanceCheck check = new PerformanceCheck("performance api", probe, "http://192.0.2.10:8000/", Map.of(),
        Duration.ofSeconds(1), 10, null, 50);

    CheckResult result = check.run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
    assertThat(result.actual()).startsWith("not measured");
  }

  private PerformanceCheck check(Duration max, double minThroughput, PerformanceCheck.Reference baseline) {
    return new PerformanceCheck("performance api", probe, server.url("/actuator/health/readiness"), Map.of(), max,
        minThroughput, baseline, 50);
  }
}
