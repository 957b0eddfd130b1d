package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthReportsTest {

  @TempDir
  Path state;

  @Test
  void writesJsonAndPageWithSecretsScrubbed() throws IOException {
    HealthReports reports = new HealthReports(state, Map.of("POSTGRES_PASSWORD", "failed 5"));

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
    HealthReports reports = new HealthReports(state, Map.of());
    HealthReports.Written written = reports.write(HealthPageTest.sampleReport(5));
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(8)));
    Files.setLastModifiedTime(written.json(), old);
    Files.setLastModifiedTime(written.html(), old);

    assertThat(reports.prune(Duration.ofDays(7), Instant.now())).containsExactlyInAnyOrder(written.json(), written.html());
    assertThat(HealthReports.latestPage(state)).isEmpty();
  }
}
