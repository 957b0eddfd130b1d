package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The monitor and report-open commands' option handling; no engine needed. */
class MonitorCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpNamesEveryOption() {
    assertThat(execute("monitor", "--help")).isZero();
    assertThat(out.toString()).contains("--duration", "--once", "--health-interval", "--metrics-interval",
        "--failure-threshold", "--until-rollback", "--prometheus-port", "--env");
  }

  @Test
  void durationAndOnceExcludeEachOther() {
    assertThat(execute("monitor", "--once", "--duration", "5m")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void intervalsAndThresholdMustBePositive() {
    assertThat(execute("monitor", "--health-interval", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--health-interval must be at least 1");
    assertThat(execute("monitor", "--failure-threshold", "-1")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void durationsReadLikeTheConfigs() {
    MonitorCommand.DurationConverter converter = new MonitorCommand.DurationConverter();

    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("30")).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> converter.convert("0s")).hasMessageContaining("positive");
    assertThat(execute("monitor", "--duration", "later")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void reportOpenPrintsTheNewestHealthPage(@TempDir Path state) throws IOException {
    Path pages = Files.createDirectories(state.resolve("local/reports/health"));
    Files.writeString(pages.resolve("20260101T000000Z-monitor.html"), "<html>");
    Files.writeString(pages.resolve("20260102T000000Z-monitor.html"), "<html>");

    assertThat(execute("report", "open", "--state-dir", state.toString())).isZero();
    assertThat(out.toString().trim()).isEqualTo(pages.resolve("20260102T000000Z-monitor.html").toString());
    out.getBuffer().setLength(0);
    assertThat(execute("report", "open", "--state-dir", state.toString(), "20260101T000000Z-monitor")).isZero();
    assertThat(out.toString().trim()).endsWith("20260101T000000Z-monitor.html");
  }

  @Test
  void reportOpenWithoutAPageSaysHowToGetOne(@TempDir Path state) {
    assertThat(execute("report", "open", "--env", "staging", "--state-dir", state.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no health page yet for environment staging")
        .contains("deployer monitor --env staging");
  }
}
