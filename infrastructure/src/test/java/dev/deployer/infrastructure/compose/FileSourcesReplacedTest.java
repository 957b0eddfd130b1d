package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ComposeProject#withFileSources}: a release's copies of its secret and config files, in every grant. */
class FileSourcesReplacedTest {

  @TempDir
  Path dir;

  ComposeProject load() throws Exception {
    Files.writeString(dir.resolve("token.txt"), "one");
    Files.writeString(dir.resolve("compose.yaml"), """
        name: shop
        services:
          app:
            image: alpine:3.17
            hostname: app-host
            user: "1000"
            working_dir: /srv
            stop_signal: SIGINT
            read_only: true
            cap_add: [NET_ADMIN]
            dns: [10.0.0.2]
            secrets: [token, pin]
            configs:
              - source: token
                target: /etc/token.conf
                mode: 0440
        secrets:
          token:
            file: ./token.txt
          pin:
            environment: PIN
        configs:
          token:
            file: ./token.txt
        """);
    return new ComposeLoader(Map.of("PIN", "1234")).load(dir.resolve("compose.yaml"), Set.of());
  }

  @Test
  void unchangedSourcesGiveTheSameProject() throws Exception {
    ComposeProject project = load();

    assertThat(project.withFileSources((section, source) -> source)).isEqualTo(project);
  }

  @Test
  void aReplacedSourceIsWhatEveryGrantAndTheTopLevelName() throws Exception {
    ComposeProject project = load();
    Path copy = dir.resolve("copy");

    ComposeProject replaced = project.withFileSources((section, source) -> section.equals("secrets")
        && source.kind() == FileSource.Kind.FILE ? source.withFile(copy) : source);

    ServiceOptions options = replaced.service("app").options();
    assertThat(options.secrets().get(0).file()).isEqualTo(copy);
    assertThat(options.secrets().get(1)).as("an environment source").isEqualTo(
        project.service("app").options().secrets().get(1));
    assertThat(options.configs().get(0).file()).as("the config of the same key is another section's")
        .isEqualTo(dir.resolve("token.txt"));
    assertThat(options.configs().get(0).mode()).isEqualTo(0440);
    assertThat(replaced.secrets().get("token").file()).isEqualTo(copy);
    assertThat(options.withGrants(project.service("app").options().secrets(), options.configs()))
        .as("everything else kept").isEqualTo(project.service("app").options());
  }
}
