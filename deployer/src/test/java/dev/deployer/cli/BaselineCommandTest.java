package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import dev.deployer.infrastructure.config.DeploymentConfig.ValidationSettings;
import dev.deployer.pipeline.ValidationOverrides;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BaselineCommandTest {

  private final StringWriter out = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(out, true));
    return commandLine.execute(args);
  }

  @Test
  void baselineCaptureHasHelpWithItsOutputOption() {
    assertThat(execute("baseline", "capture", "--help")).isZero();
    assertThat(out.toString()).contains("--output", "--env", "infrastructure/baseline/local.yaml");
  }

  @Test
  void baselineWithoutASubcommandIsBadUsage() {
    assertThat(execute("baseline")).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).contains("capture");
  }

  @Test
  void verifyAndDeployAndVerifyTakeThresholdOverrides() {
    for (String command : new String[] {"verify", "deploy-and-verify"}) {
      assertThat(execute(command, "--help")).isZero();
      assertThat(out.toString()).contains("--baseline", "--max-response-time", "--min-throughput", "--tolerance",
          "--max-cpu", "--max-memory", "--max-disk");
    }
  }

  @Test
  void overridesReplaceOnlyWhatIsGiven() {
    ThresholdOptions options = new ThresholdOptions();
    new CommandLine(options).parseArgs("--max-response-time=2500", "--tolerance=80", "--baseline=b.yaml",
        "--probe-seconds=2");
    ValidationOverrides overrides = options.overrides();
    ValidationSettings config = new ValidationSettings(SecurityLevel.FULL, Duration.ofSeconds(1), 10, 80, 80, 90, 50);

    ValidationSettings applied = overrides.apply(config);

    assertThat(applied).isEqualTo(new ValidationSettings(SecurityLevel.FULL, Duration.ofMillis(2500), 10, 80, 80, 90, 80));
    assertThat(overrides.baselineFile()).isEqualTo(Path.of("b.yaml").toAbsolutePath());
    assertThat(overrides.probe().maxDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(ValidationOverrides.NONE.apply(config)).isEqualTo(config);
  }
}
