package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.report.ReportStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeployerCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("deploy-and-verify", "down", "verify", "Exit codes:", "6", "lock held");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"deploy-and-verify", "deploy", "verify", "down"}) {
      assertThat(execute(command, "--help")).as(command).isZero();
      assertThat(out.toString()).contains("--env", "--config", "--state-dir");
    }
  }

  @Test
  void swarmCommandsHaveHelpAndASubcommandIsRequired() {
    for (String command : new String[] {"status", "init", "leave"}) {
      assertThat(execute("swarm", command, "--help")).as(command).isZero();
      assertThat(out.toString()).contains("--env", "--config");
    }
    assertThat(out.toString()).contains("--force", "moby/moby#45144", "--advertise-addr");
    assertThat(execute("swarm")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing command", "leave");
  }

  @Test
  void unknownEnvironmentForSwarmIsBadConfig(@TempDir Path state) {
    Path config = DeployAndVerifyIT.TestStack.repositoryRoot().resolve("infrastructure/config/deployment_config.yaml");
    assertThat(execute("swarm", "leave", "--env", "qa", "--config", config.toString(), "--state-dir", state.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown environment");
  }

  @Test
  void noCommandIsBadUsage() {
    assertThat(execute()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing command");
  }

  @Test
  void unknownOptionIsBadUsage() {
    assertThat(execute("deploy-and-verify", "--bogus")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--bogus");
  }

  @Test
  void unknownEnvironmentIsBadConfigAndNamesTheKnownOnes(@TempDir Path state) {
    Path config = DeployAndVerifyIT.TestStack.repositoryRoot().resolve("infrastructure/config/deployment_config.yaml");
    int code = execute("deploy-and-verify", "--env", "qa", "--config", config.toString(), "--state-dir", state.toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown environment", "local", "staging", "production");
  }

  @Test
  void deployAndVerifyAndVerifyAlwaysWriteJUnitXmlBesideTheirReports(@TempDir Path state) throws Exception {
    Path config = DeployAndVerifyIT.TestStack.repositoryRoot().resolve("infrastructure/config/deployment_config.yaml");
    Path given = state.resolve("ci/junit.xml");
    ReportStore reports = new ReportStore(state.resolve("qa"));

    int code = execute("deploy-and-verify", "--env", "qa", "--config", config.toString(), "--state-dir",
        state.toString(), "--junit", given.toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(reports.list("junit")).hasSize(1);
    Path written = reports.list("junit").get(0);
    assertThat(written.getFileName().toString()).endsWith("-deploy-and-verify.xml");
    String xml = Files.readString(written);
    assertThat(xml).contains("<testsuites name=\"deployer.deploy-and-verify.qa\"", "<testcase", "<failure",
        "unknown environment");
    assertThat(Files.readString(given)).isEqualTo(xml);
    assertThat(out.toString()).contains("junit: " + written, "junit: " + given);

    assertThat(execute("verify", "--env", "qa", "--config", config.toString(), "--state-dir", state.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(reports.list("junit")).hasSize(2);
    assertThat(reports.list("junit").get(0).getFileName().toString()).endsWith("-verify.xml");

    // deploy writes JUnit XML only where --junit says.
    execute("deploy", "--env", "qa", "--config", config.toString(), "--state-dir", state.toString());
    assertThat(reports.list("junit")).hasSize(2);
  }

  @Test
  void missingConfigFileIsBadConfig(@TempDir Path state) {
    int code = execute("deploy", "--config", state.resolve("nope.yaml").toString(), "--state-dir", state.toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("nope.yaml").contains("cannot read");
    assertThat(Files.exists(state.resolve("local/reports/deployment"))).isTrue();
  }

  @Test
  void helpTellsAPendingRollbackFromAFailedOneAndNamesTheInternalErrorCode() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("4", "the rollback failed", "7", "awaits approval", "70", "internal error");
    assertThat(new ExitCodes().getExitCode(new IllegalStateException("a bug"))).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(ExitCodes.of(dev.deployer.pipeline.PipelineException.Kind.ROLLBACK_PENDING))
        .isEqualTo(ExitCodes.ROLLBACK_PENDING);
    assertThat(ExitCodes.of(dev.deployer.pipeline.PipelineException.Kind.ROLLBACK_FAILED))
        .isEqualTo(ExitCodes.ROLLBACK_FAILED);
  }

  @Test
  void anAliasBombInTheConfigIsBadConfigNamingTheFile(@TempDir Path state) throws Exception {
    StringBuilder bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 10; level++) {
      bomb.append("a").append(level).append(": &a").append(level).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
    }
    Path config = Files.writeString(state.resolve("bomb.yaml"), bomb + "base: {}\nlocal: {}\n");

    assertThat(execute("deploy", "--config", config.toString(), "--state-dir", state.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(config.toString(), "aliases");
    // without --state-dir the config is read to find the state directory: the same answer
    assertThat(execute("releases", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
  }
}
