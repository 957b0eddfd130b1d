package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Interpolation applied to a whole file: values only, every kind of value. */
class InterpolationLoadTest {

  @Test
  void defaultsApplyWhenNothingIsSet() throws Exception {
    ComposeLoader loader = new ComposeLoader(Map.of("EMPTY", ""));
    ComposeProject project = loader.load(Fixtures.path("interpolation/compose.yaml"), Set.of());
    ComposeService app = project.service("app");

    assertThat(project.name()).isEqualTo("interp");
    assertThat(app.image()).isEqualTo("docker.io/app:latest");
    assertThat(app.command()).containsExactly("echo", "${HOME}", "nobody");
    assertThat(app.environment())
        .containsEntry("NESTED", "fallback")
        .containsEntry("EMPTY_DEFAULT", "was-empty")
        .containsEntry("EMPTY_KEPT", "")
        .containsEntry("ALT_SET", "")
        .containsEntry("ALT_EMPTY", "")
        .containsEntry("LITERAL", "$NOT_A_VAR")
        .containsEntry("EQUALS", "a=b")
        .doesNotContainKeys("FROM_ENV", "MISSING_FROM_ENV");
    assertThat(app.ports()).containsExactly(new PortMapping("127.0.0.1", "8080", 80, "tcp"));
    assertThat(app.labels()).containsEntry("com.example.tag", "latest").containsEntry("com.example.flag", "");
  }

  @Test
  void environmentValuesAreUsed() throws Exception {
    Map<String, String> env =
        Map.of(
            "PROJECT", "other", "REGISTRY", "", "TAG", "1.0", "GREETING", "hi", "B", "bee",
            "SET", "", "EMPTY", "", "FROM_ENV", "passed", "BIND", "0.0.0.0", "PORT", "9000");
    ComposeService app = Fixtures.load("interpolation/compose.yaml", env).service("app");

    assertThat(app.image()).isEqualTo("/app:1.0");
    assertThat(app.command()).containsExactly("echo", "${HOME}", "--greet", "hi");
    assertThat(app.environment())
        .containsEntry("NESTED", "bee")
        .containsEntry("ALT_SET", "yes")
        .containsEntry("FROM_ENV", "passed")
        .doesNotContainKey("MISSING_FROM_ENV");
    assertThat(app.ports()).containsExactly(new PortMapping("0.0.0.0", "9000", 80, "tcp"));
  }

  @Test
  void unsetVariablesBecomeBlankWithAWarning() throws Exception {
    ComposeLoader loader = new ComposeLoader(Map.of());
    ComposeService app =
        loader.load(Fixtures.path("interpolation/compose.yaml"), Set.of()).service("app");

    assertThat(app.environment()).containsEntry("PLAIN", "");
    assertThat(loader.warnings())
        .containsExactly("The \"PLAIN_UNSET\" variable is not set. Defaulting to a blank string.");
  }

  @Test
  void extensionFieldsAreNotInterpolated() throws Exception {
    ComposeLoader loader = new ComposeLoader(Map.of());
    loader.load(Fixtures.path("anchors/compose.yaml"), Set.of());
    assertThat(loader.warnings()).isEmpty();
  }

  @Test
  void requiredVariableNamesFileLineAndKey() {
    ComposeException e = Fixtures.failure("errors/required-variable.yaml");

    assertThat(e.file()).endsWith("required-variable.yaml");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.key()).isEqualTo("services.api.environment.TOKEN");
    assertThat(e.getMessage())
        .endsWith(
            "required-variable.yaml:5: services.api.environment.TOKEN: required variable API_TOKEN"
                + " is missing a value: set API_TOKEN");
  }

  @Test
  void requiredVariableSetButEmptyStillFails() {
    assertThat(Fixtures.failure("errors/required-variable.yaml", Map.of("API_TOKEN", "")).reason())
        .startsWith("required variable API_TOKEN");
  }

  @Test
  void requiredVariableSetPasses() throws Exception {
    assertThat(
            Fixtures.load("errors/required-variable.yaml", Map.of("API_TOKEN", "t"))
                .service("api").environment())
        .isEqualTo(Map.of("TOKEN", "t"));
  }

  @Test
  void strayDollarIsAnError() {
    ComposeException e = Fixtures.failure("errors/bad-interpolation.yaml");

    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("services.api.command[2]");
    assertThat(e.reason()).contains("escape any $ with another $");
  }

  @Test
  void environmentIsSortedByName() throws Exception {
    ComposeService app = Fixtures.load("interpolation/compose.yaml").service("app");
    assertThat(List.copyOf(app.environment().keySet())).isSorted();
  }
}
