package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.DependsOn.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code depends_on} forms, their validation, and the start layers they give. */
class DependsOnTest {

  @Test
  void shortAndLongForms() throws Exception {
    ComposeProject project = Fixtures.load("depends/compose.yaml");

    assertThat(project.service("proxy").dependsOn())
        .containsEntry("api", new DependsOn(Condition.SERVICE_STARTED, true, false))
        .containsEntry("web", new DependsOn(Condition.SERVICE_STARTED, true, false));
    assertThat(project.service("api").dependsOn())
        .containsEntry("db", new DependsOn(Condition.SERVICE_HEALTHY, true, true))
        .containsEntry("migrate", new DependsOn(Condition.SERVICE_COMPLETED_SUCCESSFULLY, true, false))
        .containsEntry("cache", new DependsOn(Condition.SERVICE_STARTED, false, false));
  }

  @Test
  void startLayersFollowDependencies() throws Exception {
    ComposeProject project = Fixtures.load("depends/compose.yaml");

    assertThat(names(project.startLayers()))
        .containsExactly(
            List.of("db", "cache"), List.of("migrate"), List.of("api"), List.of("web"), List.of("proxy"));
    assertThat(names(project.stopLayers()).get(0)).containsExactly("proxy");
  }

  @Test
  void independentServicesShareALayer() throws Exception {
    ComposeProject project = Fixtures.load("anchors/compose.yaml");

    assertThat(names(project.startLayers())).containsExactly(List.of("web", "worker", "other"));
  }

  @Test
  void unknownServiceIsAnError() {
    ComposeException e = Fixtures.failure("depends/unknown.yaml");

    assertThat(e.getMessage())
        .endsWith("unknown.yaml:6: services.api.depends_on[1]: service 'api' depends on undefined service 'dbb'");
  }

  @Test
  void cycleIsAnError() {
    ComposeException e = Fixtures.failure("depends/cycle.yaml");

    assertThat(e.reason()).isEqualTo("dependency cycle: a -> b -> c -> a");
    assertThat(e.key()).isEqualTo("services.c.depends_on[0]");
    assertThat(e.line()).isEqualTo(12);
  }

  @Test
  void unknownConditionIsAnError() {
    ComposeException e = Fixtures.failure("depends/bad-condition.yaml");

    assertThat(e.key()).isEqualTo("services.a.depends_on.b.condition");
    assertThat(e.reason()).startsWith("unknown condition 'service_ready'");
  }

  @Test
  void unknownServiceLookupThrows() throws Exception {
    ComposeProject project = Fixtures.load("depends/compose.yaml");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> project.service("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  static List<List<String>> names(List<List<ComposeService>> layers) {
    return layers.stream().map(l -> l.stream().map(ComposeService::name).toList()).toList();
  }
}
