package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.event.DeployEvent;
import dev.deployer.pipeline.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the waits' progress and the restart's log lines reach the operator, with and without --verbose. */
class ConsoleEventsTest {

  @Test
  void progressAlwaysDetailOnlyWithVerbose() {
    assertThat(render()).contains("api not ready yet: state running, health starting, 5 s of 180 s")
        .doesNotContain("Connection refused");
    assertThat(render("--verbose")).contains("api not ready yet", "      api restarted; its last 1 log lines:",
        "      | Connection refused: db:5432");
    assertThat(render("--quiet", "--verbose")).isEmpty();
  }

  @Test
  void deployTakesVerbose() {
    Cli run = Cli.execute("deploy", "--help");
    assertThat(run.out()).contains("--verbose", "Also print the image build");
  }

  private static String render(String... options) {
    OutputOptions output = new OutputOptions();
    new CommandLine(output).parseArgs(options);
    StringWriter text = new StringWriter();
    ConsoleEvents console = new ConsoleEvents(new PrintWriter(text, true), output, Secrets.of(Map.of()));
    console.emit(DeployEvent.progress("wait for healthy", "api not ready yet: state running, health starting, 5 s"
        + " of 180 s"));
    console.emit(DeployEvent.detail("wait for healthy", "api restarted; its last 1 log lines:"));
    console.emit(DeployEvent.detail("wait for healthy", "| Connection refused: db:5432"));
    return text.toString();
  }
}
