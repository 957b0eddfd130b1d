package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertManagerTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final CapturingChannel channel = new CapturingChannel();
  private final List<String> channelFailures = new ArrayList<>();
  private final List<Alert> seen = new ArrayList<>();
  private final AlertManager alerts = new AlertManager(List.of(channel), Duration.ofMinutes(1), clock, 100, seen::add,
      channelFailures::add);

  @Test
  void oneAlertPerStateChangeWithRemindersWhileFailing() {
    for (int second = 0; second < 150; second += 10) {
      now = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second);
      alerts.failed("readiness api", "service", Severity.CRITICAL, "503");
    }
    now = now.plusSeconds(1);
    alerts.passed("readiness api", "200");
    alerts.passed("readiness api", "200");

    assertThat(channel.alerts).extracting(Alert::kind)
        .containsExactly(Alert.Kind.FIRING, Alert.Kind.REMINDER, Alert.Kind.REMINDER, Alert.Kind.RESOLVED);
    assertThat(channel.alerts.get(3).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(channel.alerts.get(3).message()).startsWith("recovered after 141 s");
    assertThat(seen).hasSize(4);
    assertThat(alerts.history()).hasSize(4);
  }

  @Test
  void flappingAlertsOncePerChange() {
    for (int i = 0; i < 3; i++) {
      alerts.failed("x", "service", Severity.CRITICAL, "down");
      alerts.failed("x", "service", Severity.CRITICAL, "down");
      alerts.passed("x", "up");
    }

    assertThat(channel.count(Alert.Kind.FIRING, "x")).isEqualTo(3);
    assertThat(channel.count(Alert.Kind.RESOLVED, "x")).isEqualTo(3);
    assertThat(channel.count(Alert.Kind.REMINDER, "x")).isZero();
  }

  @Test
  void aFailingChannelIsReportedAndTheOthersStillGetTheAlert() {
    AlertChannel broken = new AlertChannel() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public boolean accepts(Severity severity) {
        return true;
      }

      @Override
      public void send(Alert alert) {
        throw new IllegalStateException("disk full");
      }
    };
    AlertManager manager = new AlertManager(List.of(broken, channel), Duration.ofMinutes(1), clock, 10, a -> {},
        channelFailures::add);

    manager.notify(Severity.CRITICAL, Alert.Kind.ROLLBACK, "x", "service", "rollback requested");

    assertThat(channel.alerts).hasSize(1);
    assertThat(channelFailures).containsExactly("alert channel broken failed: disk full");
  }

  @Test
  void channelsOnlyGetTheSeveritiesTheyAccept() {
    List<Alert> console = new ArrayList<>();
    ConsoleChannel consoleChannel = new ConsoleChannel(event -> console.add(null));
    AlertManager manager = new AlertManager(List.of(consoleChannel), Duration.ofMinutes(1), clock, 10, a -> {},
        channelFailures::add);

    manager.notify(Severity.INFO, Alert.Kind.NOTICE, "container api", "service", "started");
    manager.failed("disk", "infrastructure", Severity.WARNING, "95%");

    assertThat(console).hasSize(1);
  }
}
