package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose Specification "name" (04-version-and-name.md) and compose-go loader.go projectName, phase parse. */
class ProjectNameSectionTest {

  @TempDir
  Path dir;

  /** compose-go projectName: the last file that declares a name wins; it is normalised. */
  @Test
  void lastDeclaredNameWinsNormalised() throws Exception {
    assertThat(Spec.loadFiles(dir, Map.of(), List.of("compose.yaml", "override.yaml"),
        "compose.yaml", "name: first\nservices:\n  web: {image: nginx}\n",
        "override.yaml", "name: Second.App\n").name()).isEqualTo("secondapp");
  }

  /** 04-version-and-name.md: the name is exposed as COMPOSE_PROJECT_NAME for interpolation, also when from the directory. */
  @Test
  void nameIsInterpolatedAsComposeProjectName() throws Exception {
    assertThat(Spec.loadFiles(dir, Map.of(), List.of("compose.yaml"),
        "compose.yaml", "name: ${APP:-shop}\nservices:\n  web: {image: nginx, labels: {p: \"${COMPOSE_PROJECT_NAME}\"}}\n")
        .service("web").labels()).containsEntry("p", "shop");
    assertThat(Spec.loadFiles(dir.resolve("d"), Map.of(), List.of("compose.yaml"),
        "compose.yaml", "services:\n  web: {image: nginx, labels: {p: \"${COMPOSE_PROJECT_NAME}\"}}\n")
        .service("web").labels()).containsEntry("p", "proj");
  }

  /** compose-go: COMPOSE_PROJECT_NAME (also from .env) wins over the file's name. */
  @Test
  void composeProjectNameFromDotEnvWins() throws Exception {
    assertThat(Spec.loadFiles(dir, Map.of(), List.of("compose.yaml"),
        "compose.yaml", "name: fromfile\nservices:\n  web: {image: nginx}\n",
        ".env", "COMPOSE_PROJECT_NAME=fromdotenv\n").name()).isEqualTo("fromdotenv");
  }

  /** compose-go InvalidProjectNameErr: an explicit name is not normalised but refused, naming the file. */
  @Test
  void invalidExplicitNameIsRefused() {
    Path project = Spec.writeAll(dir, "compose.yaml", "services:\n  web: {image: nginx}\n");
    assertThatThrownBy(() -> new ComposeLoader(Map.of("COMPOSE_PROJECT_NAME", "My_App"))
        .load(project.resolve("compose.yaml"), Set.of()))
        .isInstanceOfSatisfying(ComposeException.class, e -> {
          assertThat(e.file()).endsWith("compose.yaml");
          assertThat(e.reason()).contains("invalid project name 'My_App'");
        });
  }
}
