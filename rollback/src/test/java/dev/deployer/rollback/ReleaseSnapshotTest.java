package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseSnapshotTest {

  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Map<String, String> ENV = Map.of("PATH", "/usr/bin");
  static final ValueDigestKey KEY =
      ValueDigestKey.of("a test key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path work;

  static ComposeProject loadDirectly(Path config, String environment) throws Exception {
    DeploymentConfig loaded = new ConfigLoader(ENV).load(config, environment);
    Map<String, String> variables = new HashMap<>(ENV);
    variables.putAll(loaded.composeVariables());
    return new ComposeLoader(variables).load(loaded.composeFile(), Set.of(), loaded.project());
  }

  @Test
  void aReloadedReleaseHasTheSameServiceConfigurationAsTheOriginal() throws Exception {
    Path config = ROOT.resolve("infrastructure/config/deployment_config.yaml");
    ReleaseSnapshot snapshot = new ReleaseSnapshot(work.resolve("r1"));

    ComposeProject original = loadDirectly(config, "staging");
    Map<String, String> hashes = snapshot.save(config, ROOT.resolve("compose.yaml"), ENV, original, KEY);
    ReleaseSnapshot.Loaded loaded = snapshot.load("staging", ENV, KEY);

    assertThat(hashes).containsKeys("config", "compose");
    assertThat(loaded.project().name()).isEqualTo("scheduler-staging");
    assertThat(loaded.project().workingDir()).isEqualTo(original.workingDir());
    assertThat(loaded.project().services().get("api").build().context()).isEqualTo(ROOT.resolve("app"));
    for (ComposeService service : original.services().values()) {
      assertThat(loaded.project().service(service.name()).configHash(KEY)).as(service.name())
          .isEqualTo(service.configHash(KEY));
    }
  }

  @Test
  void laterEditsOfTheFilesDoNotChangeTheSnapshot() throws Exception {
    Path repo = work.resolve("repo");
    Files.createDirectories(repo.resolve("infrastructure/config"));
    Files.copy(ROOT.resolve("compose.yaml"), repo.resolve("compose.yaml"));
    Path config = repo.resolve("infrastructure/config/deployment_config.yaml");
    Files.copy(ROOT.resolve("infrastructure/config/deployment_config.yaml"), config);
    ReleaseSnapshot snapshot = new ReleaseSnapshot(work.resolve("r1"));
    snapshot.save(config, repo.resolve("compose.yaml"), ENV, loadDirectly(config, "local"), KEY);

    Files.writeString(config, Files.readString(config).replace("variables: {}", "variables:\n    SCHEDULER_FAULT_FAIL_READINESS: \"true\""));

    assertThat(loadDirectly(config, "local").service("api").environment())
        .containsEntry("SCHEDULER_FAULT_FAIL_READINESS", "true");
    assertThat(snapshot.load("local", ENV, KEY).project().service("api").environment())
        .containsEntry("SCHEDULER_FAULT_FAIL_READINESS", "false");
  }

  @Test
  void theVariablesOfTheDeployComeBackButSecretsAreNeitherKeptNorLost() throws Exception {
    Path config = ROOT.resolve("infrastructure/config/deployment_config.yaml");
    ReleaseSnapshot snapshot = new ReleaseSnapshot(work.resolve("r1"));
    snapshot.save(config, ROOT.resolve("compose.yaml"), Map.of("PATH", "/usr/bin", "SCHEDULER_RELEASE", "v1",
        "POSTGRES_PASSWORD", "deploy-time-secret"), loadDirectly(config, "local"), KEY);

    // The shell that rolls back has a bad release's variables set, and the secret was rotated since.
    Map<String, String> today = Map.of("PATH", "/usr/bin", "SCHEDULER_RELEASE", "v2",
        "SCHEDULER_FAULT_REFUSE_START", "true", "POSTGRES_PASSWORD", "rotated-secret");
    Map<String, String> api = snapshot.load("local", today, KEY).project().service("api").environment();

    assertThat(api).containsEntry("SCHEDULER_RELEASE", "v1")
        .containsEntry("SCHEDULER_FAULT_REFUSE_START", "false")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "rotated-secret");
    assertThat(Files.readString(work.resolve("r1/snapshot.json")))
        .contains("\"SCHEDULER_RELEASE\" : \"v1\"")
        .doesNotContain("deploy-time-secret").doesNotContain("POSTGRES_PASSWORD");
  }
}
