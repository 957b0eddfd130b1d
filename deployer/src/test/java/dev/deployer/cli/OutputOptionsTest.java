package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --quiet and --json on a run that stops at its first step (a bad config), so no engine is needed. */
class OutputOptionsTest {

  @TempDir
  Path work;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private String[] deploy(String option) throws Exception {
    Path config = Files.writeString(work.resolve("deployment_config.yaml"), "base: {}\n");
    return new String[] {"deploy", "--env", "local", "--config", config.toString(), "--state-dir",
        work.resolve("state").toString(), option};
  }

  @Test
  void jsonPrintsOnlyTheReportOnStandardOutputAndProgressOnStandardError() throws Exception {
    int exit = execute(deploy("--json"));

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    JsonNode report = ReportStore.json().readTree(out.toString());
    assertThat(report.get("command").asText()).isEqualTo("deploy");
    assertThat(report.get("result").asText()).isEqualTo("failed");
    assertThat(report.get("failure").asText()).contains("unknown environment");
    assertThat(err.toString()).contains("==> load", "load FAILED", "report: ", "error: ");
  }

  @Test
  void quietPrintsNoProgressButTheFailureAndTheError() throws Exception {
    int exit = execute(deploy("--quiet"));

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).doesNotContain("==>").contains("load FAILED");
    assertThat(err.toString()).contains("error: ", "unknown environment");
  }

  @Test
  void withoutOptionsProgressGoesToStandardOutput() throws Exception {
    int exit = execute(deploy("--stacktrace"));

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).contains("==> load", "load FAILED");
  }

  @Test
  void composeConfigPrintsWarningsOnStandardErrorAndOnlyTheModelOnStandardOutput() throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), """
        name: demo
        services:
          web:
            image: "nginx:${DEPLOYER_TEST_UNSET_TAG_VARIABLE}"
            command: ["sh", "-c", "echo $$HOME"]
        """);

    int exit = execute("compose", "config", "--file", compose.toString(), "--format", "json");

    assertThat(exit).isZero();
    JsonNode model = ReportStore.json().readTree(out.toString());
    assertThat(model.at("/services/web/image").asText()).isEqualTo("nginx:");
    // Escaped again, as docker compose config prints it, so the output loads as it is.
    assertThat(model.at("/services/web/command/2").asText()).isEqualTo("echo $$HOME");
    assertThat(err.toString()).contains("WARN", "\"DEPLOYER_TEST_UNSET_TAG_VARIABLE\" variable is not set",
        "blank string");
  }
}
