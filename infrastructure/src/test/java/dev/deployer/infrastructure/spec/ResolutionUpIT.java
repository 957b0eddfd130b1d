package dev.deployer.infrastructure.spec;

import static dev.deployer.infrastructure.spec.SpecStack.inspect;
import static dev.deployer.infrastructure.spec.SpecStack.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.infrastructure.compose.ComposeLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spec sections that resolve a model, phase up (their parse phase is in the conformance
 * package): interpolation, {@code .env} and {@code env_file} (08-interpolation, 12-env-file), {@code extends}
 * (05-services extends, same file and another file), {@code include} (14-include), the default
 * override file with {@code !reset} and {@code !override} (13-merge), profiles (15-profiles) and
 * the project name from COMPOSE_PROJECT_NAME (04-version-and-name): {@code docker inspect} shows
 * what the resolved model says. Project specit-resolve, no published port.
 */
class ResolutionUpIT {

  private static SpecStack stack;

  @BeforeAll
  static void up() throws Exception {
    Path dir = Path.of(ResolutionUpIT.class.getResource("/spec/resolution/compose.yaml").toURI()).getParent();
    stack = SpecStack.up(new ComposeLoader(Map.of("COMPOSE_PROJECT_NAME", "specit-resolve"))
        .load(ComposeLoader.defaultFiles(dir), Set.of(), null));
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.down();
    }
  }

  @Test
  void interpolationAndDotEnvReachTheContainer() throws Exception {
    JsonNode base = inspect("specit-resolve-base-1").path("Config");

    assertThat(base.path("Image").asText()).isEqualTo("alpine:3.17");
    assertThat(texts(base.path("Env"))).contains("GREETING=from-dotenv", "LITERAL=${NOT_INTERPOLATED}");
    assertThat(base.path("Labels").path("com.docker.compose.project").asText()).isEqualTo("specit-resolve");
  }

  /**
   * 08-interpolation and compose-go: a lone '$' before a space is kept, a default holding braces
   * is brace-matched, an env_file sees the service's environment, single quotes in it are literal,
   * a duplicate environment entry keeps the last; 05-services volumes: a duplicate target keeps
   * the last mount.
   */
  @Test
  void interpolationDetailsAndDuplicatesAsComposeGoResolvesThem() throws Exception {
    JsonNode details = inspect("specit-resolve-details-1");

    assertThat(texts(details.path("Config").path("Env"))).contains("PRICE=$ 5", "JSON={\"a\":1}", "DUP=last",
        "FROM_ENV_FILE=http://svc/path", "SINGLE=literal $HOME").doesNotContain("DUP=first");
    assertThat(details.path("HostConfig").path("Mounts")).singleElement().satisfies(mount -> {
      assertThat(mount.path("Target").asText()).isEqualTo("/data");
      assertThat(mount.path("TmpfsOptions").path("SizeBytes").asLong()).isEqualTo(2L * 1024 * 1024);
    });
  }

  @Test
  void extendsInTheFileAndTheOverrideFileMerge() throws Exception {
    JsonNode app = inspect("specit-resolve-app-1").path("Config");

    assertThat(texts(app.path("Env"))).contains("GREETING=overridden", "LITERAL=${NOT_INTERPOLATED}");
    assertThat(app.path("Labels").path("from").asText()).isEqualTo("base");
    assertThat(app.path("Labels").path("role").asText()).isEqualTo("app");
    assertThat(texts(app.path("Cmd"))).containsExactly("sleep", "300");
  }

  @Test
  void extendsFromAnotherFileWithResetAndOverrideTags() throws Exception {
    JsonNode other = inspect("specit-resolve-other-1").path("Config");

    assertThat(texts(other.path("Env"))).contains("FROM_FILE=common");
    assertThat(other.path("Labels").has("tier")).isFalse();
    assertThat(texts(other.path("Cmd"))).containsExactly("sleep", "301");
  }

  @Test
  void anIncludedServiceRunsAndAProfiledOneDoesNot() throws Exception {
    assertThat(texts(inspect("specit-resolve-sidecar-1").path("Config").path("Env"))).contains("INCLUDED=yes");
    assertThat(stack.project().services()).doesNotContainKey("debug");
    assertThat(stack.engine().container("specit-resolve-debug-1")).isEmpty();
  }
}
