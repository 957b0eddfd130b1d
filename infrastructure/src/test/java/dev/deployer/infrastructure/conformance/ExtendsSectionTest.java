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

/** Compose Specification, services "extends" (05-services.md#extends) and compose-go loader/extends.go, phase parse. */
class ExtendsSectionTest {

  @TempDir
  Path dir;

  private ComposeProject load(String... files) throws ComposeException {
    return Spec.loadFiles(dir, Map.of(), List.of("compose.yaml"), files);
  }

  /** 05-services.md#extends: same file; the extending service's keys win, mappings merge, command is replaced. */
  @Test
  void sameFile() throws Exception {
    ComposeProject project = load("compose.yaml", """
        services:
          common:
            image: busybox
            environment: {A: "1", B: "2"}
            command: ["sleep", "1"]
          web:
            extends: common
            environment: {B: "3"}
            command: ["sleep", "2"]
        """);

    assertThat(project.service("web").image()).isEqualTo("busybox");
    assertThat(project.service("web").environment()).containsEntry("A", "1").containsEntry("B", "3");
    assertThat(project.service("web").command()).containsExactly("sleep", "2");
  }

  /** 05-services.md#extends: another file; its relative paths stay relative to that file (compose-go extends_test). */
  @Test
  void otherFileWithItsOwnRelativePaths() throws Exception {
    ComposeProject project = load(
        "compose.yaml", """
            services:
              web:
                extends: {file: common/base.yaml, service: app}
                volumes: ["./local:/local"]
            """,
        "common/base.yaml", """
            services:
              app:
                image: busybox
                env_file: app.env
                volumes: ["./data:/data"]
            """,
        "common/app.env", "FROM_BASE=yes\n");

    assertThat(project.service("web").environment()).containsEntry("FROM_BASE", "yes");
    assertThat(project.service("web").volumes()).extracting(VolumeMount::source).containsExactly(
        dir.resolve("proj/common/data").toString(), dir.resolve("proj/local").toString());
  }

  /** 05-services.md#extends "Restrictions" and compose-go extends.go exclusions: depends_on, volumes_from not inherited; links are. */
  @Test
  void dependenciesAreNotInherited() throws Exception {
    ComposeProject project = load("compose.yaml", """
        services:
          db: {image: postgres}
          base:
            image: busybox
            depends_on: [db]
            volumes_from: [db]
            links: [db]
          web:
            extends: base
        """);

    assertThat(project.service("web").dependsOn()).containsOnlyKeys("db");
    assertThat(project.service("web").options().volumesFrom()).isEmpty();
    assertThat(project.service("web").options().links()).containsExactly("db");
  }

  /** compose-go extends_test: a chain of extends resolves; a cycle is an error naming file, line and key. */
  @Test
  void chainsAndCycles() throws Exception {
    ComposeProject project = load("compose.yaml", """
        services:
          a: {image: busybox, user: "1"}
          b: {extends: a, hostname: b}
          c: {extends: b}
        """);
    assertThat(project.service("c").options().user()).isEqualTo("1");
    assertThat(project.service("c").options().hostname()).isEqualTo("b");

    ComposeException e = Spec.filesFailure(dir.resolve("cycle"), List.of("compose.yaml"), "compose.yaml", """
        services:
          a: {image: busybox, extends: b}
          b: {extends: a}
        """);
    assertThat(e.key()).isEqualTo("services.a.extends");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.reason()).contains("circular reference with extends");
  }

  /** compose-go extends.go: an unknown base service is an error naming the extends key. */
  @Test
  void unknownBase() {
    ComposeException e = Spec.filesFailure(dir, List.of("compose.yaml"), "compose.yaml", """
        services:
          web:
            image: busybox
            extends: {service: nope}
        """);
    assertThat(e.key()).isEqualTo("services.web.extends");
    assertThat(e.reason()).contains("service 'nope' not found");
  }
}
