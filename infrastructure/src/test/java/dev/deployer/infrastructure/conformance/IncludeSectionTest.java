package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose Specification "Include" (14-include.md), compose-go loader/include.go and reset.go, and
 * multi-document files (compose-go loader multidoc_test), phase parse.
 */
class IncludeSectionTest {

  @TempDir
  Path dir;

  private ComposeProject load(String... files) throws ComposeException {
    return Spec.loadFiles(dir, Map.of(), List.of("compose.yaml"), files);
  }

  /** 14-include.md short syntax: services and resources imported; paths relative to the included file. */
  @Test
  void shortSyntax() throws Exception {
    ComposeProject project = load(
        "compose.yaml", "include:\n  - db/compose.yaml\nservices:\n  web: {image: nginx, depends_on: [db]}\n",
        "db/compose.yaml", "services:\n  db:\n    image: postgres\n    volumes: [\"./init:/docker-entrypoint-initdb.d\", \"pg:/var/lib/postgresql/data\"]\nvolumes:\n  pg: {}\n");

    assertThat(project.services()).containsKeys("web", "db");
    assertThat(project.volumes()).containsKey("pg");
    assertThat(project.service("db").volumes()).extracting(VolumeMount::source)
        .containsExactly(dir.resolve("proj/db/init").toString(), "pg");
  }

  /** 14-include.md long syntax: project_directory and env_file; the included .env fills what the project does not set. */
  @Test
  void longSyntaxWithEnvFile() throws Exception {
    ComposeProject project = Spec.loadFiles(dir, Map.of("TAG", "from-process"), List.of("compose.yaml"),
        "compose.yaml", """
            include:
              - path: [lib/compose.yaml, lib/extra.yaml]
                project_directory: lib
                env_file: lib/vars.env
            services:
              web: {image: nginx}
            """,
        "lib/compose.yaml", "services:\n  api: {image: \"api:${TAG}\", environment: {PORT: \"${PORT}\"}}\n",
        "lib/extra.yaml", "services:\n  api: {user: nobody}\n",
        "lib/vars.env", "TAG=from-file\nPORT=8080\n");

    assertThat(project.service("api").image()).isEqualTo("api:from-process");
    assertThat(project.service("api").environment()).containsEntry("PORT", "8080");
    assertThat(project.service("api").options().user()).isEqualTo("nobody");
  }

  /** compose-go include.go importResources: a service defined on both sides is an error at the include entry. */
  @Test
  void conflictingServiceIsAnError() {
    ComposeException e = Spec.filesFailure(dir, List.of("compose.yaml"),
        "compose.yaml", "include:\n  - other.yaml\nservices:\n  web: {image: nginx}\n",
        "other.yaml", "services:\n  web: {image: httpd}\n");

    assertThat(e.key()).isEqualTo("include[0]");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.reason()).contains("conflicting service 'web'");
  }

  /** 13-merge.md "Reset value" (!reset) and "Replace value" (!override); compose-go reset_test. */
  @Test
  void resetAndOverrideTags() throws Exception {
    ComposeProject project = Spec.loadFiles(dir, Map.of(), List.of("compose.yaml", "override.yaml"),
        "compose.yaml", """
            services:
              web:
                image: nginx
                ports: ["8080:80"]
                environment: {A: "1", B: "2"}
                dns: [1.1.1.1]
            """,
        "override.yaml", """
            services:
              web:
                ports: !reset []
                environment: !override {C: "3"}
                dns: !override [8.8.8.8]
            """);

    assertThat(project.service("web").ports()).isEmpty();
    assertThat(project.service("web").environment()).containsOnlyKeys("C");
    assertThat(project.service("web").options().dns()).containsExactly("8.8.8.8");
  }

  /** compose-go loader multidoc_test: documents of one file merge in order, like override files. */
  @Test
  void multiDocumentFile() throws Exception {
    ComposeProject project = load("compose.yaml", """
        services:
          web: {image: nginx, ports: ["80:80"]}
        ---
        services:
          web: {image: "nginx:2"}
          db: {image: postgres}
        """);

    assertThat(project.service("web").image()).isEqualTo("nginx:2");
    assertThat(project.service("web").ports()).hasSize(1);
    assertThat(project.services()).containsKeys("web", "db");
  }
}
