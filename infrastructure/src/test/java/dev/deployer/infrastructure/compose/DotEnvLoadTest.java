package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code .env} in the project directory, under the process environment; {@code env_file}. */
class DotEnvLoadTest {

  @Test
  void dotEnvSuppliesVariables() throws Exception {
    ComposeProject project = Fixtures.load("dotenv/compose.yaml");
    Map<String, String> env = project.service("app").environment();

    assertThat(project.name()).isEqualTo("fromdotenv");
    assertThat(env)
        .containsEntry("FROM_DOTENV", "dotenv-value")
        .containsEntry("OVERRIDDEN", "from-dotenv")
        .containsEntry("EXPORTED", "yes")
        .containsEntry("QUOTED", "a \"quoted\" value # not a comment")
        .containsEntry("SINGLE", "literal $FROM_DOTENV")
        .containsEntry("INLINE", "plain value")
        .containsEntry("DERIVED", "dotenv-value-derived");
  }

  @Test
  void processEnvironmentWinsEvenWhenEmpty() throws Exception {
    Map<String, String> process =
        Map.of("OVERRIDDEN", "from-process", "EMPTIED", "", "COMPOSE_PROJECT_NAME", "proc");
    ComposeProject project = Fixtures.load("dotenv/compose.yaml", process);
    Map<String, String> env = project.service("app").environment();

    assertThat(project.name()).isEqualTo("proc");
    assertThat(env).containsEntry("OVERRIDDEN", "from-process").containsEntry("EMPTIED", "");
  }

  @Test
  void envFilesFeedTheServiceEnvironmentUnderItsOwnEntries() throws Exception {
    Map<String, String> env =
        Fixtures.load("dotenv/compose.yaml", Map.of("PASSED_THROUGH", "from-process"))
            .service("app").environment();

    assertThat(env)
        .containsEntry("FILE_ONLY", "from-env-file")
        .containsEntry("FILE_INTERPOLATED", "dotenv-value")
        .containsEntry("PASSED_THROUGH", "from-process");
  }

  @Test
  void envFileValueStaysWhenTheBareEntryHasNoValue() throws Exception {
    assertThat(Fixtures.load("dotenv/compose.yaml").service("app").environment())
        .containsEntry("PASSED_THROUGH", "from-env-file");
  }
}
