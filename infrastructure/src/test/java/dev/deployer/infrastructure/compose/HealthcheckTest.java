package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthcheckTest {

  @Test
  void everyField() throws Exception {
    Healthcheck check = Fixtures.load("healthcheck/compose.yaml").service("cmd").healthcheck();

    assertThat(check)
        .isEqualTo(
            new Healthcheck(
                List.of("CMD", "curl", "-f", "http://localhost/"),
                Duration.ofSeconds(90),
                Duration.ofMillis(500),
                3,
                Duration.ofHours(1).plusMinutes(2).plusSeconds(3),
                Duration.ofSeconds(10),
                false));
  }

  @Test
  void testForms() throws Exception {
    ComposeProject project = Fixtures.load("healthcheck/compose.yaml");

    assertThat(project.service("shell-list").healthcheck().test())
        .containsExactly("CMD-SHELL", "pg_isready -U x");
    assertThat(project.service("shell-string").healthcheck().test())
        .containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
    assertThat(project.service("shell-string").healthcheck().interval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(project.service("none").healthcheck().test()).containsExactly("NONE");
    assertThat(project.service("none").healthcheck().isDisabled()).isTrue();
    assertThat(project.service("disabled").healthcheck().disabled()).isTrue();
    assertThat(project.service("durations-only").healthcheck().test()).isEmpty();
    assertThat(project.service("durations-only").healthcheck().interval()).isEqualTo(Duration.ofHours(2));
    assertThat(project.service("durations-only").healthcheck().timeout()).isNull();
  }

  @Test
  void badDurationAndTestAreErrors() {
    ComposeException duration = Fixtures.failure("errors/bad-duration.yaml");
    assertThat(duration.getMessage())
        .endsWith("bad-duration.yaml:6: services.api.healthcheck.interval: invalid duration '10' (use e.g. 10s, 1m30s, 500ms)");

    ComposeException test = Fixtures.failure("errors/bad-test.yaml");
    assertThat(test.key()).isEqualTo("services.db.healthcheck.test");
    assertThat(test.reason()).contains("CMD, CMD-SHELL or NONE");
  }
}
