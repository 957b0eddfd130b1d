package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthReportsTest {

  @TempDir
  Path state;

  @Test
  void writesJsonAndPageWithSecretsScrubbed() throws IOException {
    HealthReports reports = reports(Map.of("POSTGRES_PASSWORD", "failed 5"));

    HealthReports.Written written = reports.write(HealthPageTest.sampleReport(20));

    assertThat(written.json()).isEqualTo(state.resolve("reports/health/20260101T100000Z-monitor.json"));
    assertThat(written.html()).isEqualTo(state.resolve("reports/health/20260101T100000Z-monitor.html"));
    assertThat(Files.readString(written.json())).contains("\"status\" : \"rollback requested\"")
        .doesNotContain("failed 5").contains("********");
    assertThat(Files.readString(written.html())).doesNotContain("failed 5");
    assertThat(HealthReports.latestPage(state)).contains(written.html());
  }

  @Test
  void prunesReportsAndPagesPastRetention() throws IOException {
    HealthReports reports = reports(Map.of());
    HealthReports.Written written = reports.write(HealthPageTest.sampleReport(5));
    age(written, Duration.ofDays(8));

    assertThat(reports.prune()).containsExactlyInAnyOrder(written.json(), written.html());
    assertThat(HealthReports.latestPage(state)).isEmpty();
  }

  @Test
  void everyWriteAlsoPrunesWhatIsPastRetention() throws IOException {
    HealthReports reports = reports(Map.of());
    HealthReports.Written first = reports.write(HealthPageTest.sampleReport(5));
    List<Path> stale = earlierRun(first, "20251201T000000Z-monitor", Duration.ofDays(8));
    List<Path> kept = earlierRun(first, "20251228T000000Z-monitor", Duration.ofDays(6));

    HealthReports.Written written = reports.write(HealthPageTest.sampleReport(5));

    assertThat(written.json()).exists();
    assertThat(written.html()).exists();
    assertThat(kept).allMatch(Files::exists);
    assertThat(stale).noneMatch(Files::exists);
    assertThat(written.report().id()).isEqualTo("20260101T100000Z-monitor");
  }

  /** Copies of a written report and page under another run's id, last modified {@code age} ago. */
  private static List<Path> earlierRun(HealthReports.Written written, String id, Duration age) throws IOException {
    FileTime time = FileTime.from(Instant.now().minus(age));
    Path json = Files.copy(written.json(), written.json().resolveSibling(id + ".json"));
    Path html = Files.copy(written.html(), written.html().resolveSibling(id + ".html"));
    Files.setLastModifiedTime(json, time);
    Files.setLastModifiedTime(html, time);
    return List.of(json, html);
  }

  private HealthReports reports(Map<String, String> variables) {
    return new HealthReports(state, variables, Duration.ofDays(7), Clock.systemUTC());
  }

  private static void age(HealthReports.Written written, Duration age) throws IOException {
    FileTime time = FileTime.from(Instant.now().minus(age));
    Files.setLastModifiedTime(written.json(), time);
    Files.setLastModifiedTime(written.html(), time);
  }
}
