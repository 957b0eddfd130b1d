package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `deployer releases` shows the reports recorded for each release, as text and as JSON. */
class ReleasesCommandTest {

  @TempDir
  Path state;

  String run(String... options) {
    StringWriter text = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(text, true));
    commandLine.setErr(new PrintWriter(text, true));
    String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("releases", "--env=staging",
        "--state-dir=" + state), java.util.Arrays.stream(options)).toArray(String[]::new);
    assertThat(commandLine.execute(args)).as(text.toString()).isZero();
    return text.toString();
  }

  @Test
  void eachReleaseListsItsReports() {
    ReleaseLedger ledger = new ReleaseLedger(state.resolve("staging"));
    ledger.add(new Release("20261124-060000-abcd", "staging", "demo", Instant.parse("2026-11-24T06:00:00Z"), "ci",
        "host", null, "deploy-and-verify", ReleaseStatus.VERIFIED, Map.of(), "c", "d", null, true, List.of(),
        List.of()));
    ledger.recordReport("20261124-060000-abcd", "/s/reports/deployment/20261124-060000-abcd-deploy-and-verify.json");
    ledger.recordReport("20261124-060000-abcd", "/s/reports/validation/20261124-060000-abcd-staging.json");

    assertThat(run()).contains("20261124-060000-abcd", "reports: /s/reports/deployment/20261124-060000-abcd-"
        + "deploy-and-verify.json, /s/reports/validation/20261124-060000-abcd-staging.json");
    assertThat(run("--json")).contains("\"reports\"", "validation/20261124-060000-abcd-staging.json");
  }
}
