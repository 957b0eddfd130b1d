package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.rollback.RollbackRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthPageTest {

  static HealthReport sampleReport(int samplesPerCheck) {
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    Map<String, List<HealthReport.Sample>> samples = new LinkedHashMap<>();
    for (String check : List.of("readiness api", "dependencies api", "resources <db>")) {
      List<HealthReport.Sample> list = new ArrayList<>();
      for (int i = 0; i < samplesPerCheck; i++) {
        list.add(new HealthReport.Sample(start.plusSeconds(i), 10 + i % 40, i % 10 == 9 ? "FAIL" : "PASS"));
      }
      samples.put(check, list);
    }
    List<Alert> alerts = List.of(
        new Alert(start.plusSeconds(9), Severity.CRITICAL, Alert.Kind.FIRING, "readiness api", "service", "503 <DOWN>"),
        new Alert(start.plusSeconds(10), Severity.CRITICAL, Alert.Kind.RESOLVED, "readiness api", "service", "200"));
    RollbackRequest request = RollbackRequest.raised("rb-1", start.plusSeconds(20), "staging", "p", "readiness api",
        "failed 5 times", List.of("readiness api"), true);
    return new HealthReport("20260101T100000Z-monitor", "staging", "scheduler-staging", start,
        start.plusSeconds(samplesPerCheck), HealthReport.ROLLBACK_REQUESTED,
        new HealthReport.Settings(Duration.ofSeconds(1), Duration.ofSeconds(5), 5, true, Duration.ofMinutes(1)),
        List.of(new HealthReport.CheckSummary("readiness api", "service", "health", 10, 1, 0, "PASS", "UP", "200", start,
            12, 50)),
        samples, alerts, List.of(new HealthReport.ContainerEvent(start, "redis", "die", "exit code 137")),
        List.of(new HealthReport.RollbackRecord(request, "pending_approval", "approve with ...")), 2);
  }

  @Test
  void rendersChartsWithTheSamplesAndEscapesText() {
    String html = HealthPage.render(sampleReport(100));

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg id=\"latency-chart\"")
        .contains("<svg id=\"outcome-chart\"").contains("<svg id=\"alert-timeline\"");
    assertThat(html).containsSubsequence("<polyline class=\"series\" data-check=\"readiness api\" data-points=\"100\"");
    assertThat(html).contains("resources &lt;db&gt;").contains("503 &lt;DOWN&gt;").doesNotContain("<DOWN>");
    assertThat(html).contains("class=\"outcome fail\"").contains("class=\"outcome pass\"");
    assertThat(html).contains("rb-1").contains("pending_approval").contains("id=\"status\" class=\"status rollback\"");
    assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=").doesNotContain("url(")
        .doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void longSeriesAreThinnedSoThePageStaysSmall() {
    String html = HealthPage.render(sampleReport(5000));

    assertThat(html).contains("data-points=\"300\"");
    assertThat(html.length()).isLessThan(400_000);
  }

  @Test
  void anEmptyReportStillRenders() {
    HealthReport empty = new HealthReport("x", "local", "scheduler", Instant.now(), Instant.now(), "healthy",
        new HealthReport.Settings(Duration.ofSeconds(15), Duration.ofSeconds(5), 5, false, Duration.ofMinutes(2)),
        List.of(), Map.of(), List.of(), List.of(), List.of(), 0);

    assertThat(HealthPage.render(empty)).contains("No alerts.").endsWith("</html>\n");
  }

  @Test
  void showsWhichReleaseTakesTheTrafficAndWhichIsWarm() {
    HealthReport report = new HealthReport("x", "local", "scheduler", Instant.now(), Instant.now(), "healthy",
        new HealthReport.Settings(Duration.ofSeconds(15), Duration.ofSeconds(5), 5, false, Duration.ofMinutes(2)),
        List.of(), Map.of(), List.of(), List.of(), List.of(), 0,
        List.of("api: green serves release r2; blue warm with release r1 until 2026-01-01T10:10:00Z"));

    assertThat(HealthPage.render(report)).contains("<h2>Traffic</h2><ul id=\"traffic\"><li>api: green serves release r2;"
        + " blue warm with release r1 until 2026-01-01T10:10:00Z</li></ul>");
    assertThat(HealthPage.render(sampleReport(10))).doesNotContain("<h2>Traffic</h2>");
  }

  @Test
  void niceScale() {
    assertThat(HealthCharts.niceCeiling(7)).isEqualTo(10);
    assertThat(HealthCharts.niceCeiling(130)).isEqualTo(200);
    assertThat(HealthCharts.niceCeiling(480)).isEqualTo(500);
    assertThat(HealthCharts.niceCeiling(1000)).isEqualTo(1000);
  }
}
