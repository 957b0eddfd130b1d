package dev.deployer.infrastructure.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxySettingsTest {

  private static final Path REAL = Path.of("config/deployment_config.yaml");

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @TempDir
  Path directory;

  @ParameterizedTest
  @CsvSource({"local, true", "staging, true", "production, true"})
  void theRepositoryConfigEnablesTheEdgeInEveryEnvironmentWithTheDefaults(String environment, boolean enabled)
      throws ConfigException {
    ProxySettings proxy = loader.load(REAL, environment).proxy();

    assertThat(proxy.enabled()).isEqualTo(enabled);
    assertThat(proxy.image()).isEqualTo("haproxy:2.6");
    assertThat(proxy.services()).containsExactly("api", "worker");
    assertThat(proxy.keepPrevious()).isEqualTo(Duration.ofMinutes(10));
    assertThat(proxy.rollout()).containsExactly(100);
    assertThat(proxy.pause()).isEqualTo(Duration.ofSeconds(30));
    assertThat(proxy.analysis()).isEqualTo(ProxySettings.Analysis.DEFAULT);
    assertThat(proxy.drain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(proxy.stopPrevious()).as("the worker takes work from the queue by itself").containsExactly("worker");
    assertThat(proxy.quiet()).as("the scheduler's worker goes quiet on SIGTSTP and resumes on SIGCONT")
        .isEqualTo(new ProxySettings.Quiet("SIGTSTP", "SIGCONT"));
  }

  @Test
  void quietSignalsTakeTheirNamesWithOrWithoutSig() throws Exception {
    Path file = withEnvironment("px:\n  proxy:\n    quiet: {signal: usr1, resume: SIGUSR2}\n");

    assertThat(loader.load(file, "px").proxy().quiet()).isEqualTo(new ProxySettings.Quiet("SIGUSR1", "SIGUSR2"));
  }

  /** base sets quiet; an environment merged over it turns it off with false, and its stop_previous services stop. */
  @Test
  void anEnvironmentTurnsBasesQuietOffWithFalse() throws Exception {
    Path file = withEnvironment("px:\n  proxy:\n    quiet: false\n");

    assertThat(loader.load(file, "px").proxy().quiet()).isEqualTo(ProxySettings.Quiet.NONE);
    assertThat(loader.load(file, "px").proxy().stopPrevious()).containsExactly("worker");
  }

  @Test
  void aConfigWithoutAProxySectionGetsTheDefaultsDisabled() throws Exception {
    Path file = withEnvironment("px: {}\n");
    Files.writeString(file, Files.readString(file).replaceAll("(?m)^  proxy:\n(    .*\n)+", ""));

    assertThat(Files.readString(file)).doesNotContain("\n  proxy:");
    assertThat(loader.load(file, "px").proxy()).isEqualTo(ProxySettings.DEFAULT);
    assertThat(loader.load(file, "staging").proxy().enabled()).isFalse();
  }

  @Test
  void anEnvironmentOverridesKeyByKeyOverBase() throws Exception {
    Path file = withEnvironment("""
        px:
          proxy:
            enabled: true
            image: registry.example/haproxy:2.8
            services: [api]
            rollout: [10, 50, 100]
            pause: 2s
            analysis:
              max_error_percent: 0.5
            drain: 1500ms
        """);

    ProxySettings proxy = loader.load(file, "px").proxy();

    assertThat(proxy.enabled()).isTrue();
    assertThat(proxy.image()).isEqualTo("registry.example/haproxy:2.8");
    assertThat(proxy.services()).containsExactly("api");
    assertThat(proxy.rollout()).containsExactly(10, 50, 100);
    assertThat(proxy.pause()).isEqualTo(Duration.ofSeconds(2));
    assertThat(proxy.drain()).isEqualTo(Duration.ofMillis(1500));
    assertThat(proxy.keepPrevious()).isEqualTo(Duration.ofMinutes(10));
    assertThat(proxy.analysis()).isEqualTo(new ProxySettings.Analysis(0.5, Duration.ofMillis(1000), 50));
    assertThat(proxy.routes("api")).isTrue();
    assertThat(proxy.routes("worker")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "enabled: maybe                      | proxy.enabled              | expected true or false",
      "image: ''                           | proxy.image                | must name an image",
      "services: [api, api]                | proxy.services[1]          | listed twice",
      "services: api                       | proxy.services             | expected a list",
      "keep_previous: 10 minutes           | proxy.keep_previous        | expected a duration",
      "rollout: []                         | proxy.rollout              | at least one step",
      "rollout: [50, 10, 100]              | proxy.rollout[1]           | steps must increase, 10 follows 50",
      "rollout: [10, 50]                   | proxy.rollout[1]           | the last step must be 100, was 50",
      "rollout: [0, 100]                   | proxy.rollout[0]           | must be between 1 and 100, was 0",
      "rollout: [10, 150]                  | proxy.rollout[1]           | must be between 1 and 100, was 150",
      "pause: soon                         | proxy.pause                | expected a duration",
      "drain: -1s                          | proxy.drain                | expected a duration",
      "analysis: {max_error_percent: 101}  | proxy.analysis.max_error_percent | must be between 0.0 and 100.0",
      "analysis: {max_response_time: 0ms}  | proxy.analysis.max_response_time | must be longer than zero",
      "analysis: {max_slowdown_percent: x} | proxy.analysis.max_slowdown_percent | expected a number",
      "analysis: {max_rt: 1s}              | proxy.analysis.max_rt      | unknown key",
      "keep_prev: 1m                       | proxy.keep_prev            | unknown key",
      "quiet: {signal: SIGKILL}            | proxy.quiet.signal         | not a signal a program can handle",
      "quiet: {signal: TSTP, resume: TSTP} | proxy.quiet.resume         | must differ from `signal` (SIGTSTP)",
      "quiet: {signal: TSTP, when: now}    | proxy.quiet.when           | unknown key",
      "quiet: true                         | proxy.quiet                | `true` names no signals"})
  void aBadValueNamesTheFileLineAndKey(String setting, String key, String reason) throws Exception {
    Path file = withEnvironment("px:\n  proxy:\n    " + setting + "\n");
    int line = Files.readAllLines(file).indexOf("    " + setting) + 1;

    assertThatThrownBy(() -> loader.load(file, "px")).isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.getFileName() + ":" + line + ": " + key)
        .hasMessageContaining(reason);
  }

  @Test
  void aListedServiceThatIsNoServiceOfTheStackIsNamedWithItsLine() throws Exception {
    Path file = withEnvironment("px:\n  proxy:\n    services:\n      - api\n      - wrker\n");
    ProxySettings proxy = loader.load(file, "px").proxy();

    proxy.requireServices(Set.of("api", "wrker", "db"));
    assertThatThrownBy(() -> proxy.requireServices(List.of("api", "db")))
        .hasMessageContaining(":" + (Files.readAllLines(file).indexOf("      - wrker") + 1) + ": proxy.services[1]")
        .hasMessageContaining("unknown service 'wrker'");
  }

  /** The repository's config with {@code section} appended as an environment, its compose file absolute. */
  private Path withEnvironment(String section) throws IOException {
    String real = Files.readString(REAL).replace("compose_file: ../../compose.yaml",
        "compose_file: " + REAL.toAbsolutePath().getParent().resolve("../../compose.yaml").normalize());
    Path file = directory.resolve("deployment_config.yaml");
    Files.writeString(file, real + "\n" + section);
    return file;
  }
}
