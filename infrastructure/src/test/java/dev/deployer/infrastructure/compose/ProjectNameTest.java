package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectNameTest {

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(
      emptyValue = "",
      value = {
        "scheduler, scheduler",
        "My.Project_Dir, myproject_dir",
        "__-Leading, leading",
        "Ünïcode App, ncodeapp",
        "---, ''",
      })
  void normalisation(String raw, String normalised) {
    assertThat(ProjectNames.normalize(raw)).isEqualTo(normalised);
  }

  @Test
  void defaultsToTheNormalisedDirectoryName() throws Exception {
    ComposeProject project = Fixtures.load("names/My.Project_Dir/compose.yaml");

    assertThat(project.name()).isEqualTo("myproject_dir");
    assertThat(project.networks().get("default").name()).isEqualTo("myproject_dir_default");
    assertThat(project.workingDir()).isEqualTo(Fixtures.path("names/My.Project_Dir"));
    assertThat(project.configFiles()).containsExactly(Fixtures.path("names/My.Project_Dir/compose.yaml"));
  }

  @Test
  void nameInTheFileIsNormalised() throws Exception {
    assertThat(Fixtures.load("names/named.yaml").name()).isEqualTo("mydemoapp");
  }

  @Test
  void overrideAndEnvironmentWinButMustBeValid() throws Exception {
    ComposeLoader loader = new ComposeLoader(Map.of("COMPOSE_PROJECT_NAME", "from-env"));
    assertThat(loader.load(Fixtures.path("names/named.yaml"), Set.of()).name()).isEqualTo("from-env");
    assertThat(loader.load(Fixtures.path("names/named.yaml"), Set.of(), "cli").name()).isEqualTo("cli");

    assertThatThrownBy(() -> loader.load(Fixtures.path("names/named.yaml"), Set.of(), "Bad Name"))
        .isInstanceOf(ComposeException.class)
        .hasMessageContaining("invalid project name 'Bad Name'");
  }
}
