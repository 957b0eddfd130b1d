package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class LoadProbeTest {

  @Test
  void stopsAtTheRequestBudgetAndMeasuresEveryAnswer() throws Exception {
    try (TestHttpServer server = new TestHttpServer()) {
      LoadProbe probe = new LoadProbe(new OkHttpClient(), new LoadProbe.Settings(3, 30, Duration.ofSeconds(20), 2,
          Duration.ofSeconds(5)));

      LoadProbe.Result result = probe.run(server.url("/health"), Map.of());

      assertThat(result.requests()).isEqualTo(30);
      assertThat(server.requests.get()).isEqualTo(32);
      assertThat(result.errors()).isZero();
      assertThat(result.p50Millis()).isPositive().isLessThanOrEqualTo(result.p95Millis());
      assertThat(result.p95Millis()).isLessThanOrEqualTo(result.p99Millis());
      assertThat(result.throughputPerSecond()).isPositive();
    }
  }

  @Test
  void stopsAtTheTimeBudgetWhenAnswersAreSlow() throws Exception {
    try (TestHttpServer server = new TestHttpServer()) {
      server.delayMillis = 200;
      LoadProbe probe = new LoadProbe(new OkHttpClient(), new LoadProbe.Settings(2, 1000, Duration.ofMillis(700), 0,
          Duration.ofSeconds(5)));

      LoadProbe.Result result = probe.run(server.url("/slow"), Map.of());

      assertThat(result.requests()).isBetween(4, 10);
      assertThat(result.p50Millis()).isGreaterThanOrEqualTo(200);
      assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void countsNon2xxAnswersAsErrors() throws Exception {
    try (TestHttpServer server = new TestHttpServer()) {
      server.status = 503;
      LoadProbe.Result result = new LoadProbe(new OkHttpClient(), new LoadProbe.Settings(1, 5, Duration.ofSeconds(5), 0,
          Duration.ofSeconds(5))).run(server.url("/"), Map.of());

      assertThat(result.errors()).isEqualTo(5);
      assertThat(result.errorRate()).isEqualTo(1.0);
    }
  }

  @Test
  void refusesTargetsBeyondLoopback() {
    LoadProbe probe = new LoadProbe(new OkHttpClient(), LoadProbe.Settings.DEFAULT);

    assertThatThrownBy(() -> probe.run("http://192.0.2.10:8000/", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
  }

  @Test
  void refusesUnboundedSettings() {
    assertThatThrownBy(() -> new LoadProbe.Settings(64, 10, Duration.ofSeconds(1), 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoadProbe.Settings(2, 10, Duration.ofMinutes(10), 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> nanos = java.util.stream.LongStream.rangeClosed(1, 100).map(i -> i * 1_000_000).boxed().toList();

    assertThat(LoadProbe.percentile(nanos, 50)).isEqualTo(50.0);
    assertThat(LoadProbe.percentile(nanos, 95)).isEqualTo(95.0);
    assertThat(LoadProbe.percentile(nanos, 99)).isEqualTo(99.0);
    assertThat(LoadProbe.percentile(List.of(), 95)).isZero();
  }
}
