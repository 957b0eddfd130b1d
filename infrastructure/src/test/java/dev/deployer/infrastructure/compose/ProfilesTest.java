package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilesTest {

  @Test
  void servicesWithProfilesAreInactiveByDefault() throws Exception {
    ComposeProject project = Fixtures.load("profiles/compose.yaml");

    assertThat(project.services().keySet()).containsExactly("app", "db");
    // the optional dependency on the inactive debugger is dropped
    assertThat(project.service("app").dependsOn()).containsOnlyKeys("db");
  }

  @Test
  void selectingAProfileActivatesItsServices() throws Exception {
    ComposeProject project = Fixtures.load("profiles/compose.yaml", Map.of(), "debug");

    assertThat(project.services().keySet()).containsExactly("app", "db", "debugger");
    assertThat(project.service("app").dependsOn()).containsOnlyKeys("db", "debugger");
    assertThat(project.service("debugger").profiles()).containsExactly("debug");
  }

  @Test
  void anyOfAServicesProfilesActivatesIt() throws Exception {
    assertThat(Fixtures.load("profiles/compose.yaml", Map.of(), "test").services())
        .containsOnlyKeys("app", "db", "seeder");
  }

  @Test
  void requiredDependencyOnAnInactiveServiceIsAnError() {
    ComposeException e = Fixtures.failure("profiles/compose.yaml", Map.of(), "tools");

    assertThat(e.key()).isEqualTo("services.needs-debugger.depends_on[0]");
    assertThat(e.reason()).contains("'debugger', which is not active").contains("[debug]");
  }

  @Test
  void starSelectsEveryProfile() throws Exception {
    ComposeProject project = Fixtures.load("profiles/compose.yaml", Map.of(), "*");

    assertThat(project.services()).hasSize(5);
    assertThat(DependsOnTest.names(project.startLayers()))
        .containsExactly(List.of("db", "debugger"), List.of("app", "seeder", "needs-debugger"));
  }

  @Test
  void composeProfilesVariableIsUsedWhenNoneAreGiven() throws Exception {
    assertThat(Fixtures.load("profiles/compose.yaml", Map.of("COMPOSE_PROFILES", "dev,debug")).services())
        .containsOnlyKeys("app", "db", "debugger", "seeder");
  }
}
