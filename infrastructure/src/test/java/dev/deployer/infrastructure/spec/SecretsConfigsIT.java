package dev.deployer.infrastructure.spec;

import static dev.deployer.infrastructure.spec.SpecStack.exec;
import static dev.deployer.infrastructure.spec.SpecStack.inspect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec "Secrets" and "Configs" (09-secrets.md, 08-configs.md), phase up on one engine: environment
 * and content sources are written into the container before it starts, with the grant's owner and
 * mode (0444 by default, as Compose's createTar); file sources are bind-mounted read-only, as
 * Compose does. Project h5-secrets, network 172.31.246.0/24.
 */
class SecretsConfigsIT {

  private static final String CONTAINER = "h5-secrets-app-1";
  private static SpecStack stack;

  @BeforeAll
  static void up() throws Exception {
    ComposeProject project = new ComposeLoader(Map.of("H5_API_TOKEN", "token-from-env", "H5_DEBUG", "true",
        "H5_SETTINGS", "mode=fast")).load(ContainerKeysIT.fixture("secrets-configs/compose.yaml"), Set.of());
    stack = SpecStack.up(project);
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.down();
    }
  }

  @Test
  void environmentAndContentSourcesAreWrittenWithTheGrantsOwnerAndMode() throws Exception {
    assertThat(exec(CONTAINER, "stat", "-c", "%a %u %g %n", "/run/secrets/api_token", "/etc/app/app.conf",
        "/from_env")).isEqualTo("""
            400 1000 2000 /run/secrets/api_token
            440 0 2000 /etc/app/app.conf
            444 0 0 /from_env
            """);
    assertThat(exec(CONTAINER, "cat", "/run/secrets/api_token")).isEqualTo("token-from-env");
    assertThat(exec(CONTAINER, "cat", "/etc/app/app.conf")).isEqualTo("debug=true\n");
    assertThat(exec(CONTAINER, "cat", "/from_env")).isEqualTo("mode=fast");
  }

  @Test
  void fileSourcesAreBindMountedReadOnly() throws Exception {
    JsonNode mounts = inspect(CONTAINER).path("Mounts");
    List<String> binds = new ArrayList<>();
    mounts.forEach(m -> binds.add(m.path("Type").asText() + " " + m.path("Destination").asText() + " rw="
        + m.path("RW").asBoolean()));
    assertThat(binds).containsExactlyInAnyOrder("bind /run/secrets/db_password rw=false",
        "bind /etc/plain.conf rw=false");
    assertThat(exec(CONTAINER, "cat", "/run/secrets/db_password")).isEqualTo("file-pw");
    assertThat(exec(CONTAINER, "sh", "-c", "(echo x > /run/secrets/db_password) 2>&1; echo rc=$?"))
        .contains("Read-only file system").endsWith("rc=1\n");
  }

  /** The values are in the container only: neither the container's settings nor its environment carry them. */
  @Test
  void valuesAreNotInTheContainersSettings() throws Exception {
    assertThat(inspect(CONTAINER).toString()).doesNotContain("token-from-env").doesNotContain("mode=fast");
  }
}
