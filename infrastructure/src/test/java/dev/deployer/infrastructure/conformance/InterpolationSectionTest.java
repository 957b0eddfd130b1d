package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose Specification, "Interpolation" (12-interpolation.md), phase parse. */
class InterpolationSectionTest {

  @TempDir
  Path dir;

  private Map<String, String> environment(String value, Map<String, String> env) throws Exception {
    return Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            environment:
              V: '%s'
        """.formatted(value), env).service("app").environment();
  }

  /** compose-go template: a "$" followed by a space is not a variable and is kept. */
  @Test
  void loneDollarBeforeASpaceIsKept() throws Exception {
    assertThat(environment("costs $ 5", Map.of())).containsEntry("V", "costs $ 5");
  }

  /** compose-go template_test TestDefaultsWithBraces-style: a default holding braces is brace-matched. */
  @Test
  void defaultHoldingBraces() throws Exception {
    assertThat(environment("${JSON:-{\"a\":1}}", Map.of())).containsEntry("V", "{\"a\":1}");
    assertThat(environment("${JSON:-{\"a\":1}}", Map.of("JSON", "set"))).containsEntry("V", "set");
  }

  /** 12-interpolation.md: $$ is a literal dollar. */
  @Test
  void doubleDollarEscapes() throws Exception {
    assertThat(environment("$$HOME", Map.of())).containsEntry("V", "$HOME");
  }
}
