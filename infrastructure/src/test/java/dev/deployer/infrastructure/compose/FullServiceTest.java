package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** build, command / entrypoint, labels, networks, restart and deploy in one service. */
class FullServiceTest {

  @Test
  void everySupportedField() throws Exception {
    ComposeProject project = Fixtures.load("full/compose.yaml", Map.of("FROM_ENV", "env-arg"));
    ComposeService api = project.service("api");

    assertThat(api.build())
        .isEqualTo(
            new BuildSpec(
                project.workingDir().resolve("api"),
                "Containerfile",
                Map.of("VERSION", "1.2", "FROM_ENV", "env-arg")));
    assertThat(api.image()).isEqualTo("full-api:dev");
    assertThat(api.command()).containsExactly("java", "-jar", "/app.jar");
    assertThat(api.entrypoint()).containsExactly("/entry.sh", "--flag", "two words");
    assertThat(api.environment()).isEqualTo(Map.of("A", "1", "B", "2"));
    assertThat(api.networks()).containsExactly("front", "back");
    assertThat(api.restart()).isEqualTo("on-failure:3");
    assertThat(api.labels()).isEqualTo(Map.of("a", "1", "b", ""));
    assertThat(api.limits()).isEqualTo(new ResourceLimits(1.5, 1610612736L));
    assertThat(api.deploy())
        .isEqualTo(
            new DeploySpec(
                2,
                new UpdateConfig(1, Duration.ofSeconds(10), "start-first", "rollback", Duration.ofMinutes(1), 0.25),
                new UpdateConfig(2, null, "stop-first", null, null, null),
                api.limits()));
  }

  @Test
  void buildAsAStringAndProfiles() throws Exception {
    ComposeProject project = Fixtures.load("full/compose.yaml", Map.of(), "ui");
    ComposeService web = project.service("web");

    assertThat(web.image()).isNull();
    assertThat(web.imageName(project.name())).isEqualTo("full-web");
    assertThat(project.service("api").imageName(project.name())).isEqualTo("full-api:dev");
    assertThat(web.build()).isEqualTo(new BuildSpec(project.workingDir().resolve("web"), null, Map.of()));
    assertThat(web.build().dockerfile()).isEqualTo("Dockerfile");
    assertThat(web.profiles()).containsExactly("ui");
  }

  @Test
  void memorySizes() throws Exception {
    assertThat(memory("512M")).isEqualTo(536870912L);
    assertThat(memory("1g")).isEqualTo(1073741824L);
    assertThat(memory("1.5GB")).isEqualTo(1610612736L);
    assertThat(memory("100k")).isEqualTo(102400L);
    assertThat(memory("2048")).isEqualTo(2048L);
    assertThat(memory("1GiB")).isEqualTo(1073741824L);
  }

  private static long memory(String text) throws Exception {
    YamlValue value = YamlReader.read("t.yaml", "m: " + text, (v, at) -> v);
    return DeployParser.memoryBytes(((YamlValue.Mapping) value).get("m"));
  }
}
