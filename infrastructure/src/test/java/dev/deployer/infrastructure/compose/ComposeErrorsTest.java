package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anything outside the supported subset fails, naming file, line and key path. */
class ComposeErrorsTest {

  @Test
  void misspeltServiceKey() {
    ComposeException e = Fixtures.failure("errors/misspelt-key.yaml");

    assertThat(e.file()).endsWith("errors/misspelt-key.yaml");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("services.api.helthcheck");
    assertThat(e.getMessage())
        .endsWith(
            "misspelt-key.yaml:4: services.api.helthcheck: unknown or unsupported key 'helthcheck'"
                + " (did you mean 'healthcheck'?)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "unknown-top-level.yaml|5|secret|unknown or unsupported key 'secret' (did you mean 'secrets'?)",
        "unknown-nested.yaml|6|services.api.healthcheck.intervall|unknown or unsupported key 'intervall' (did you mean 'interval'?)",
        "no-image.yaml|2|services.api|service 'api' has neither an image nor a build context",
        "duplicate-key.yaml|4|services.db.image|duplicate key 'image'",
        "bad-restart.yaml|4|services.db.restart|invalid restart policy 'sometimes' (no, always, on-failure[:N] or unless-stopped)",
        "bad-memory.yaml|7|services.db.deploy.resources.limits.memory|invalid memory size 'lots' (e.g. 512M, 1g, 1.5GB)",
        "network-aliases.yaml|6|services.api.networks.back.alias|unknown or unsupported key 'alias' (did you mean 'aliases'?)",
        "bad-volume-mode.yaml|5|services.api.volumes[0]|invalid volume './src:/src:x': unsupported mode 'x' (ro, rw, z, Z, nocopy or a propagation such as rprivate)",
        "port-mode-host.yaml|7|services.api.ports[0].mode|mode must be 'ingress' or 'host', not 'hots'",
        "bad-service-name.yaml|2|services.my api|invalid service name 'my api'",
      })
  void namesFileLineAndKey(String file, int line, String key, String reason) {
    ComposeException e = Fixtures.failure("errors/" + file);

    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.key()).as("key").isEqualTo(key);
    assertThat(e.reason()).as("reason").isEqualTo(reason);
    assertThat(e.getMessage()).endsWith(file + ":" + line + ": " + key + ": " + reason);
  }

  @Test
  void missingEnvFile() {
    ComposeException e = Fixtures.failure("errors/missing-env-file.yaml");

    assertThat(e.line()).isEqualTo(5);
    assertThat(e.key()).isEqualTo("services.api.env_file[0]");
    assertThat(e.reason()).startsWith("env file ").endsWith("present-nowhere.env not found");
  }

  @Test
  void obsoleteVersionIsOnlyAWarning() throws Exception {
    ComposeLoader loader = new ComposeLoader(java.util.Map.of());
    loader.load(Fixtures.path("obsolete-version.yaml"), java.util.Set.of());

    assertThat(loader.warnings()).singleElement().asString().contains("'version' is obsolete");
  }

  @Test
  void invalidYamlNamesTheLine() {
    ComposeException e = Fixtures.failure("errors/bad-yaml.yaml");

    assertThat(e.line()).isEqualTo(4);
    assertThat(e.reason()).startsWith("invalid YAML");
  }

  @Test
  void missingFile() {
    ComposeException e = Fixtures.failure("errors/../errors");
    assertThat(e.reason()).startsWith("cannot read");
  }
}
