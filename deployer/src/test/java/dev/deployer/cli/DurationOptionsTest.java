package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One duration syntax on every option that takes a time; the bare numbers of old scripts mean what they meant. */
class DurationOptionsTest {

  @Test
  void theSyntax() {
    assertThat(Durations.parse("500ms", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("15s", ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("5m", ChronoUnit.MILLIS)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2d", ChronoUnit.SECONDS)).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(() -> Durations.parse("5 minutes", ChronoUnit.SECONDS)).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Durations.parse("-5s", ChronoUnit.SECONDS)).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Durations.parse("0", ChronoUnit.SECONDS)).hasMessageContaining("more than zero");
  }

  @Test
  void waitTimeoutTakesADurationOrSecondsAsBefore() {
    assertThat(stack("--wait-timeout=3m").waitTimeout).isEqualTo(Duration.ofMinutes(3));
    assertThat(stack("--wait-timeout=240").waitTimeout).isEqualTo(Duration.ofSeconds(240));
  }

  @Test
  void thresholdsTakeDurationsOrTheirOldUnits() {
    ThresholdOptions options = new ThresholdOptions();
    new CommandLine(options).parseArgs("--max-response-time=1s", "--probe-seconds=500ms");
    assertThat(options.maxResponseTime).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.probeTime).isEqualTo(Duration.ofMillis(500));
    new CommandLine(options).parseArgs("--max-response-time=2500", "--probe-seconds=3");
    assertThat(options.maxResponseTime).isEqualTo(Duration.ofMillis(2500));
    assertThat(options.probeTime).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void lockTtlBareNumbersAreMinutesAndTheDefaultIsAnHour() {
    CommandLine root = DeployerCli.commandLine();
    LockCommand.Acquire acquire = Cli.command(root, "lock", "acquire");
    root.parseArgs("lock", "acquire");
    assertThat(acquire.ttl).isEqualTo(Duration.ofHours(1));
    root.parseArgs("lock", "acquire", "--ttl", "90");
    assertThat(acquire.ttl).isEqualTo(Duration.ofMinutes(90));
    root.parseArgs("lock", "acquire", "--ttl", "2h");
    assertThat(acquire.ttl).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void monitorIntervalsTakeDurationsOrSeconds() {
    CommandLine root = DeployerCli.commandLine();
    CommandLine monitor = root.getSubcommands().get("monitor");
    root.parseArgs("monitor", "--health-interval", "500ms", "--metrics-interval", "30", "--reminder-interval", "5m",
        "--duration", "90");
    MonitorCommand command = monitor.getCommand();
    assertThat(command.healthInterval).isEqualTo(Duration.ofMillis(500));
    assertThat(command.metricsInterval).isEqualTo(Duration.ofSeconds(30));
    assertThat(command.reminderInterval).isEqualTo(Duration.ofMinutes(5));
    assertThat(command.length.duration).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aBadDurationIsBadUsageNamingTheOption() {
    Cli run = Cli.execute("deploy", "--wait-timeout", "soon");
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--wait-timeout", "'soon' is not a duration like 500ms, 15s, 5m");
  }

  @Test
  void everyTimeOptionSaysDurationInItsHelp() {
    for (String[] command : new String[][] {{"deploy"}, {"verify"}, {"monitor"}, {"lock", "acquire"},
        {"baseline", "capture"}}) {
      CommandLine sub = DeployerCli.commandLine();
      for (String name : command) {
        sub = sub.getSubcommands().get(name);
      }
      sub.getCommandSpec().options().stream()
          .filter(option -> option.type() == Duration.class)
          .forEach(option -> assertThat(option.paramLabel()).as(option.longestName()).isEqualTo("DURATION"));
      assertThat(sub.getCommandSpec().options().stream().map(CommandLine.Model.OptionSpec::paramLabel))
          .doesNotContain("SECONDS", "MILLIS", "MINUTES");
    }
  }

  private static StackOptions stack(String... args) {
    StackOptions options = new StackOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }
}
