package dev.deployer.infrastructure.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.PortMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishingTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @TempDir
  Path dir;

  @Test
  void productionPublishesOnlyTheApiAndTheOtherEnvironmentsEveryService() throws Exception {
    DeploymentConfig production = loader.load(ConfigLoaderTest.REAL, "production");

    assertThat(production.publishing().all()).isFalse();
    assertThat(production.publishing().listed()).containsOnlyKeys("api");
    assertThat(loader.load(ConfigLoaderTest.REAL, "local").publishing().all()).isTrue();
    assertThat(loader.load(ConfigLoaderTest.REAL, "staging").publishing().all()).isTrue();
  }

  @Test
  void productionsProjectKeepsOnlyTheApisPortMapping() throws Exception {
    ComposeProject project = project(loader.load(ConfigLoaderTest.REAL, "production"));

    assertThat(project.service("api").ports()).containsExactly(new PortMapping("127.0.0.1", "28000", 8000, "tcp"));
    // A mapping without a host port would still publish, on a random host port: none at all.
    assertThat(project.service("worker").ports()).isEmpty();
    assertThat(project.service("db").ports()).isEmpty();
    assertThat(project.service("redis").ports()).isEmpty();
  }

  @Test
  void droppingHostPortsChangesTheConfigHashSoTheContainerIsRecreated() throws Exception {
    ComposeProject local = project(loader.load(ConfigLoaderTest.REAL, "local"));
    Publishing apiOnly = new Publishing(ConfigLoaderTest.REAL, Map.of("api", new Publishing.Place("publish[0]", 1)));

    ComposeProject dropped = apiOnly.apply(local);

    assertThat(dropped.service("api")).isEqualTo(local.service("api"));
    assertThat(dropped.service("db").configHash()).isNotEqualTo(local.service("db").configHash());
    assertThat(dropped.service("db").volumes()).isEqualTo(local.service("db").volumes());
    assertThat(dropped.services().keySet()).containsExactlyElementsOf(local.services().keySet());
  }

  @Test
  void anUnknownServiceNamesFileLineAndKey() throws Exception {
    Path file = withPublish("[api, wrker]");
    DeploymentConfig config = loader.load(file, "production");

    assertThatThrownBy(() -> project(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deployment_config.yaml:" + lineOf(file, "wrker") + ": publish[1]: unknown service 'wrker'")
        .hasMessageContaining("[api, db, redis, worker]");
  }

  @Test
  void publishMustBeAListOfDistinctNames() throws Exception {
    Path notAList = withPublish("api");
    assertThatThrownBy(() -> loader.load(notAList, "production"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":" + lineOf(notAList, "publish: api") + ": publish: expected a list");

    Path twice = withPublish("[api, api]");
    assertThatThrownBy(() -> loader.load(twice, "production"))
        .hasMessageContaining("publish[1]: service 'api' is listed twice");

    Path nested = withPublish("[{api: 1}]");
    assertThatThrownBy(() -> loader.load(nested, "production"))
        .hasMessageContaining("publish[0]: expected a single value");
  }

  @Test
  void anEmptyListPublishesNothing() throws Exception {
    ComposeProject project = project(loader.load(withPublish("[]"), "production"));

    assertThat(project.services().values()).allSatisfy(service -> assertThat(service.ports()).isEmpty());
  }

  @Test
  void junitReportsAreKeptLikeValidationReportsUnlessSet() throws Exception {
    assertThat(loader.load(ConfigLoaderTest.REAL, "production").reports().retention())
        .containsEntry("junit", Duration.ofDays(30));
    Path withoutJunit = copyWith("      junit: 30d\n", "");
    assertThat(loader.load(withoutJunit, "local").reports().retention()).containsEntry("junit", Duration.ofDays(30));

    Path shorter = copyWith("      junit: 30d\n", "      junit: 2d\n");
    assertThat(loader.load(shorter, "local").reports().retention()).containsEntry("junit", Duration.ofDays(2));
  }

  private static ComposeProject project(DeploymentConfig config) throws Exception {
    Map<String, String> variables = new HashMap<>(config.composeVariables());
    return config.publishing()
        .apply(new ComposeLoader(variables).load(config.composeFile(), Set.of(), config.project()));
  }

  private Path withPublish(String list) throws IOException {
    return copyWith("  publish: [api]\n", "  publish: " + list + "\n");
  }

  private Path copyWith(String from, String to) throws IOException {
    String text = Files.readString(ConfigLoaderTest.REAL);
    assertThat(text).contains(from);
    Path configDir = Files.createDirectories(dir.resolve("infrastructure/config"));
    Files.copy(ConfigLoaderTest.REAL.toAbsolutePath().getParent().getParent().getParent().resolve("compose.yaml"),
        dir.resolve("compose.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path file = configDir.resolve("deployment_config.yaml");
    Files.writeString(file, text.replace(from, to));
    return file;
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }
}
