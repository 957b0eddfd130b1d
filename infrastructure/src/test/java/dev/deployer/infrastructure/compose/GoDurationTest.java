package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
    "10s, 10000",
    "500ms, 500",
    "1m30s, 90000",
    "1h2m3s, 3723000",
    "1.5s, 1500",
    "2h, 7200000",
    "0, 0",
    "0s, 0",
    "1m0.5s, 60500",
    "1500us, 1",
    ".5s, 500",
  })
  void parses(String text, long millis) {
    assertThat(GoDuration.parse(text).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "abc", "-1s", "1x", "s", "1 s", "1m 30s", ""})
  void rejects(String text) {
    assertThat(GoDuration.parse(text)).isNull();
  }

  @Test
  void microAndNanoseconds() {
    assertThat(GoDuration.parse("250µs")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(GoDuration.parse("10ns")).isEqualTo(Duration.ofNanos(10));
  }

  @ParameterizedTest(name = "{0} ms -> {1}")
  @CsvSource({
    "0, 0s",
    "500, 500ms",
    "1500, 1.5s",
    "10000, 10s",
    "60000, 1m0s",
    "90000, 1m30s",
    "3600000, 1h0m0s",
    "3723000, 1h2m3s",
  })
  void formatsLikeGo(long millis, String text) {
    assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @Test
  void formatsSubMillisecond() {
    assertThat(GoDuration.format(Duration.ofNanos(1500))).isEqualTo("1.5µs");
    assertThat(GoDuration.format(Duration.ofNanos(999))).isEqualTo("999ns");
  }
}
