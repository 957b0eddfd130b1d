package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeJson;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ten multi-service files in the shapes public examples use (web + database + cache + reverse
 * proxy, sidecars, secrets, fixed addresses, health-gated start), phase parse: each loads and
 * renders as {@code docker compose config --format json}.
 */
class RealWorldFilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"01-haproxy-redis-postgres", "02-wordpress-like", "03-java-api", "04-cache-sidecar",
      "05-static-proxy", "06-worker-queue", "07-secrets-db", "08-ipam-fixed", "09-healthchecks", "10-profiles-tools"})
  void loads(String name) throws Exception {
    Path file = Path.of(RealWorldFilesTest.class.getResource("/conformance/realworld/" + name + "/compose.yaml").toURI());
    ComposeProject project = new ComposeLoader(Map.of()).load(file, Set.of());

    assertThat(project.services()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(ComposeJson.pretty(project)).contains("\"services\"");
  }
}
