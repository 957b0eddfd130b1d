package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deployer report list} and {@code show} over a state directory; no Docker. */
class ReportCommandTest {

  static final Path CONFIG = StatusCommandTest.CONFIG;

  @TempDir
  Path state;

  @Test
  void aJUnitReportIsListedByItsIdAndShownByIt() throws Exception {
    Path junit = Files.createDirectories(state.resolve("staging/reports/junit"));
    Files.writeString(junit.resolve("20261124-101500-abcd-deploy-and-verify.xml"), "<testsuite name=\"it\"/>\n");
    Path deployment = Files.createDirectories(state.resolve("staging/reports/deployment"));
    Files.writeString(deployment.resolve("20261124-101500-abcd-deploy-and-verify.json"), "{\"result\":\"succeeded\"}\n");

    assertThat(run("report", "list")).containsPattern("junit +20261124-101500-abcd-deploy-and-verify ")
        .containsPattern("deployment +20261124-101500-abcd-deploy-and-verify ").doesNotContain(".xml", ".json");
    assertThat(run("report", "show", "--type", "junit", "20261124-101500-abcd-deploy-and-verify"))
        .contains("<testsuite name=\"it\"/>");
    assertThat(run("report", "show", "20261124-101500-abcd-deploy-and-verify")).contains("\"result\":\"succeeded\"");
  }

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"--env", "staging", "--config", CONFIG.toString(), "--state-dir", state.toString()},
        0, all, args.length, 6);
    assertThat(commandLine.execute(all)).as(err.toString()).isZero();
    return out.toString();
  }
}
