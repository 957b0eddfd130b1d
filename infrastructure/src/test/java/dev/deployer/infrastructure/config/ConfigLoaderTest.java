package dev.deployer.infrastructure.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  /** The repository's own file, as every environment will load it. */
  static final Path REAL = Path.of("config/deployment_config.yaml");

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @ParameterizedTest
  @CsvSource({
      "local,      15, 5,  false, BASIC",
      "staging,    30, 10, false, FULL",
      "production, 60, 30, true,  MAXIMUM"})
  void theSpecDefaultsHoldForEveryEnvironment(String environment, int health, int metrics, boolean confirm,
      SecurityLevel level) throws ConfigException {
    DeploymentConfig config = loader.load(REAL, environment);

    assertThat(config.monitoring().healthCheckInterval()).isEqualTo(Duration.ofSeconds(health));
    assertThat(config.monitoring().metricsInterval()).isEqualTo(Duration.ofSeconds(metrics));
    assertThat(config.rollback().failureThreshold()).isEqualTo(5);
    assertThat(config.rollback().requiresConfirmation()).isEqualTo(confirm);
    assertThat(config.validation().securityLevel()).isEqualTo(level);
    assertThat(config.validation().maxResponseTime()).isEqualTo(Duration.ofMillis(1000));
    assertThat(config.validation().minThroughput()).isEqualTo(10);
    assertThat(config.validation().maxCpuPercent()).isEqualTo(80);
    assertThat(config.validation().maxMemoryPercent()).isEqualTo(80);
    assertThat(config.validation().maxDiskPercent()).isEqualTo(90);
    assertThat(config.reports().retention()).containsEntry("deployment", Duration.ofDays(30))
        .containsEntry("health", Duration.ofDays(7)).containsEntry("performance", Duration.ofDays(30))
        .containsEntry("validation", Duration.ofDays(30)).containsEntry("rollback", Duration.ofDays(90));
  }

  @Test
  void environmentsDeepMergeOverBaseAndHaveTheirOwnPortsAndProject() throws ConfigException {
    DeploymentConfig local = loader.load(REAL, "local");
    DeploymentConfig staging = loader.load(REAL, "staging");

    assertThat(local.project()).isEqualTo("scheduler");
    assertThat(staging.project()).isEqualTo("scheduler-staging");
    assertThat(local.composeVariables()).containsEntry("API_PORT", "8000").containsEntry("DB_PORT", "54322");
    assertThat(staging.composeVariables()).containsEntry("API_PORT", "18000")
        .containsEntry("COMPOSE_PROJECT_NAME", "scheduler-staging");
    assertThat(staging.validation().maxDiskPercent()).isEqualTo(90);
    assertThat(local.composeFile().getFileName().toString()).isEqualTo("compose.yaml");
  }

  @Test
  void variablesAreInterpolatedFromTheProcessEnvironment() throws ConfigException {
    DeploymentConfig config = new ConfigLoader(Map.of("SCHEDULER_API_TOKEN", "from-env", "DOCKER_HOST", "tcp://10.0.0.5:2376"))
        .load(REAL, "staging");

    assertThat(config.variables()).containsEntry("SCHEDULER_API_TOKEN", "from-env");
    assertThat(config.docker().host()).isEqualTo("tcp://10.0.0.5:2376");
  }

  @Test
  void anUnknownKeyNamesFileLineAndKey(@TempDir Path dir) throws IOException {
    Path file = copyWith(dir, "    max_disk_percent: 90\n", "    max_disk_percent: 90\n    max_dsk: 3\n");

    assertThatThrownBy(() -> loader.load(file, "local"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deployment_config.yaml:" + lineOf(file, "max_dsk"))
        .hasMessageContaining("validation.max_dsk")
        .hasMessageContaining("unknown key");
  }

  @Test
  void theWebhookFormatIsGenericUnlessSlackIsAskedForAndAnythingElseNamesItsLine(@TempDir Path dir)
      throws Exception {
    assertThat(loader.load(REAL, "staging").alerts().format()).isEqualTo(DeploymentConfig.AlertSettings.Format.GENERIC);
    Path slack = copyWith(dir, "    webhook_format: generic\n", "    webhook_format: slack\n");
    assertThat(loader.load(slack, "staging").alerts().format()).isEqualTo(DeploymentConfig.AlertSettings.Format.SLACK);

    Path teams = copyWith(dir, "    webhook_format: generic\n", "    webhook_format: teams\n");
    assertThatThrownBy(() -> loader.load(teams, "local"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":" + lineOf(teams, "teams") + ": alerts.webhook_format: expected generic or slack,"
            + " was 'teams'");
  }

  @Test
  void aWrongTypeNamesTheKey(@TempDir Path dir) throws IOException {
    Path file = copyWith(dir, "    failure_threshold: 5\n", "    failure_threshold: five\n");

    assertThatThrownBy(() -> loader.load(file, "local"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":" + lineOf(file, "five") + ": rollback.failure_threshold: expected a whole number");
  }

  @Test
  void aBadDurationOrLevelInAnEnvironmentSectionNamesItsOwnLine(@TempDir Path dir) throws IOException {
    Path file = copyWith(dir, "    health_check_interval: 30s\n", "    health_check_interval: 30 seconds\n");

    assertThatThrownBy(() -> loader.load(file, "staging"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":" + lineOf(file, "30 seconds") + ": monitoring.health_check_interval")
        .hasMessageContaining("expected a duration");
    assertThat(catchMessage(copyWith(dir, "    security_level: full\n", "    security_level: paranoid\n"), "staging"))
        .contains("validation.security_level").contains("basic, full or maximum");
  }

  @Test
  void unknownEnvironmentListsTheKnownOnes() {
    assertThatThrownBy(() -> loader.load(REAL, "qa"))
        .hasMessageContaining("unknown environment")
        .hasMessageContaining("[local, production, staging]");
  }

  @Test
  void anAliasBombIsABadConfigNamingTheFile(@TempDir Path dir) throws IOException {
    StringBuilder bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 10; level++) {
      bomb.append("a").append(level).append(": &a").append(level).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
    }
    bomb.append("base: {}\nlocal: {}\n");
    Path file = Files.writeString(dir.resolve("bomb.yaml"), bomb);

    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file, "local"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("aliases");
  }

  @Test
  void brokenYamlIsReportedWithItsLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("deployment_config.yaml");
    Files.writeString(file, "base:\n  project: [unclosed\n");

    assertThatThrownBy(() -> loader.load(file, "local")).hasMessageContaining("not valid YAML");
  }

  @Test
  void requiredVariableWithoutValueIsAnError(@TempDir Path dir) throws IOException {
    Path file = copyWith(dir, "  variables: {}\n", "  variables:\n    TOKEN: ${MUST_BE_SET:?set it}\n");

    assertThat(catchMessage(file, "local")).contains("variables.TOKEN").contains("MUST_BE_SET is required: set it");
  }

  private String catchMessage(Path file, String environment) {
    try {
      loader.load(file, environment);
      throw new AssertionError("expected a ConfigException");
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }

  /** The real config with one text replaced, beside a copy of compose.yaml so compose_file resolves. */
  private static Path copyWith(Path dir, String from, String to) throws IOException {
    String text = Files.readString(REAL);
    assertThat(text).contains(from);
    Path configDir = dir.resolve("infrastructure/config");
    Files.createDirectories(configDir);
    Files.copy(REAL.toAbsolutePath().getParent().getParent().getParent().resolve("compose.yaml"),
        dir.resolve("compose.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path file = configDir.resolve("deployment_config.yaml");
    Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
        java.util.regex.Matcher.quoteReplacement(to)));
    return file;
  }

  private static int lineOf(Path file, String text) throws IOException {
    var lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }
}
