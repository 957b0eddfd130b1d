package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.config.SwarmSettings.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TargetOptionTest {

  @Test
  void targetIsComposeOrSwarmInAnyCaseAndUnsetByDefault() {
    assertThat(parse("--target", "swarm").request(Map.of()).target()).isEqualTo(Target.SWARM);
    assertThat(parse("--target", "Compose").request(Map.of()).target()).isEqualTo(Target.COMPOSE);
    assertThat(parse().request(Map.of()).target()).as("the config decides").isNull();
  }

  @Test
  void anUnknownTargetIsBadUsage() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));

    assertThat(commandLine.execute("deploy", "--target", "kubernetes")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("expected compose or swarm, was 'kubernetes'");
  }

  private static StackOptions parse(String... args) {
    StackOptions options = new StackOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }
}
