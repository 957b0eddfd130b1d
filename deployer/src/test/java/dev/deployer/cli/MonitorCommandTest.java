package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.monitor.HealthReport;
import dev.deployer.rollback.RollbackRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The monitor and report-open commands: options and output, without Docker (a stand-in engine where needed). */
class MonitorCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    // Never a browser from a test, whatever desktop it runs on.
    ((ReportOpenCommand) Cli.command(commandLine, "report", "open")).opener = page -> false;
    return commandLine.execute(args);
  }

  @Test
  void helpNamesEveryOption() {
    assertThat(execute("monitor", "--help")).isZero();
    assertThat(out.toString()).contains("--duration", "--once", "--health-interval", "--metrics-interval",
        "--reminder-interval", "--failure-threshold", "--until-rollback", "--prometheus-port", "--env", "--json",
        "--junit");
  }

  @Test
  void durationAndOnceExcludeEachOther() {
    assertThat(execute("monitor", "--once", "--duration", "5m")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void intervalsAndThresholdMustBePositive() {
    assertThat(execute("monitor", "--health-interval", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--health-interval", "more than zero");
    assertThat(execute("monitor", "--failure-threshold", "-1")).isEqualTo(ExitCodes.USAGE);
    assertThat(execute("monitor", "--reminder-interval", "0s")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--reminder-interval", "'0s': the duration must be more than zero");
    assertThat(execute("monitor", "--reminder-interval", "soon")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void jsonPrintsTheFinalReportAloneOnStandardOutputAndJunitWritesEveryCheck(@TempDir Path state) throws Exception {
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    ((MonitorCommand) commandLine.getSubcommands().get("monitor").getCommand()).engines = FakeEngines.empty();
    Path junit = state.resolve("monitor.xml");
    Path config = closedPortsConfig(state);

    int exit = commandLine.execute("monitor", "--once", "--json", "--junit", junit.toString(), "--config",
        config.toString(), "--state-dir", state.toString());

    assertThat(exit).as("no container runs on the empty engine: %s", err).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    JsonNode report = new ObjectMapper().readTree(out.toString());
    assertThat(report.get("environment").asText()).isEqualTo("local");
    assertThat(report.get("checks")).extracting(check -> check.get("name").asText())
        .contains("container api", "security no privileged container");
    assertThat(err.toString()).contains("monitor local").contains("failing at the end");
    assertThat(Files.readString(junit)).contains("name=\"deployer.monitor.local\"")
        .contains("name=\"container api\"").contains("name=\"no rollback requested\"");
  }

  /**
   * The committed config with every local host port on one nobody listens on, so the monitor's
   * HTTP and port checks cannot reach a stack that happens to run on this machine.
   */
  private static Path closedPortsConfig(Path dir) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ports.add(socket.getLocalPort());
      }
    }
    Path committed = StatusCommandTest.CONFIG;
    String text = Files.readString(committed)
        .replace("compose_file: ../../compose.yaml", "compose_file: " + committed.resolveSibling("../../compose.yaml"))
        .replace("""
            api: 8000
            worker: 8001
            db: 54322
            redis: 6379
        """, String.format("""
            api: %d
            worker: %d
            db: %d
            redis: %d
        """, ports.get(0), ports.get(1), ports.get(2), ports.get(3)));
    assertThat(text).as("the committed config's local ports").doesNotContain("api: 8000");
    Path config = dir.resolve("deployment_config.yaml");
    Files.writeString(config, text);
    return config;
  }

  @Test
  void theJunitFileFailsARolledBackRun(@TempDir Path dir) throws IOException {
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    HealthReport.CheckSummary readiness = new HealthReport.CheckSummary("readiness api", "service", "health", 5, 5, 5,
        "FAIL", "200 UP", "503 DOWN", start.plusSeconds(5), 12, 20);
    HealthReport.CheckSummary cpu = new HealthReport.CheckSummary("resources api", "infrastructure", "metrics", 0, 0, 0,
        "NOT RUN", "", "", null, 0, 0);
    RollbackRequest request = RollbackRequest.raised("rb-1", start.plusSeconds(5), "local", "scheduler", "readiness api",
        "failed 5 consecutive times", List.of("readiness api"), false);
    HealthReport report = new HealthReport("r", "local", "scheduler", start, start.plusSeconds(10),
        HealthReport.ROLLBACK_REQUESTED, null, List.of(readiness, cpu), Map.of(), List.of(), List.of(),
        List.of(new HealthReport.RollbackRecord(request, "executed", "rolled back")), 0);
    Path file = dir.resolve("junit.xml");

    MonitorCommand.writeJUnit(file, report);

    String xml = Files.readString(file);
    assertThat(xml).contains("name=\"deployer.monitor.local.service\"").contains("503 DOWN")
        .contains("rb-1 (executed): failed 5 consecutive times");
    assertThat(xml.split("<failure", -1)).hasSize(3);
  }

  @Test
  void durationsReadLikeTheConfigs() {
    Durations.Seconds converter = new Durations.Seconds();

    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("30")).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> converter.convert("0s")).hasMessageContaining("more than zero");
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
