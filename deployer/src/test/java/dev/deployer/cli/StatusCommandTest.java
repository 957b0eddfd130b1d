package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.rollback.Actor;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deployer status} over a state directory and an engine with nothing running; no Docker. */
class StatusCommandTest {

  static final Path CONFIG = Path.of("").toAbsolutePath().getParent()
      .resolve("infrastructure/config/deployment_config.yaml");

  @TempDir
  Path state;

  @Test
  void listsAPendingRollbackRequestWithHowToApproveIt() {
    RollbackRequest pending = new RollbackRequests(state.resolve("staging")).create("rb-20261124-050000-abcd",
        "staging", "monitor", "readiness api failed 5 consecutive times", "20261124-040000-bbbb",
        "20261123-100000-aaaa", new Actor("monitor", "ops-1"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    ((StatusCommand) commandLine.getSubcommands().get("status").getCommand()).engines = FakeEngines.empty();

    int exit = commandLine.execute("status", "--env", "staging", "--config", CONFIG.toString(),
        "--state-dir", state.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("PENDING     rollback " + pending.id() + " from 20261124-040000-bbbb: readiness api failed 5"
            + " consecutive times (approve: deployer rollback --env staging --approve " + pending.id() + ")")
        .contains("containers  none");
  }

  @Test
  void nothingPendingListsNoRequest() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    ((StatusCommand) commandLine.getSubcommands().get("status").getCommand()).engines = FakeEngines.empty();

    assertThat(commandLine.execute("status", "--env", "staging", "--config", CONFIG.toString(),
        "--state-dir", state.toString())).isZero();
    assertThat(out.toString()).contains("release     none recorded").doesNotContain("PENDING");
  }
}
