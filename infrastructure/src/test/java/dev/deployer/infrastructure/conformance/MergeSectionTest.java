package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DependsOn;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.compose.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose Specification, "Merge and override" (13-merge.md) and compose-go {@code override/merge.go},
 * {@code override/uncity.go}, phase parse: {@code -f a -f b} and the default override file.
 */
class MergeSectionTest {

  @TempDir
  Path dir;

  private ComposeService web(String base, String override) throws ComposeException {
    return Spec.loadFiles(dir, Map.of("HOME", "/home/spec"), List.of("compose.yaml", "override.yaml"),
        "compose.yaml", base, "override.yaml", override).service("web");
  }

  /** 13-merge.md "Mapping": missing entries added, conflicting ones merged; scalars replaced. */
  @Test
  void mappingsMergeAndScalarsOverride() throws Exception {
    ComposeService web = web("""
        services:
          web:
            image: nginx:1.25
            labels: {tier: front, team: a}
            user: "1000"
        """, """
        services:
          web:
            image: nginx:1.27
            labels: {team: b}
            hostname: web1
        """);

    assertThat(web.image()).isEqualTo("nginx:1.27");
    assertThat(web.labels()).containsEntry("tier", "front").containsEntry("team", "b");
    assertThat(web.options().user()).isEqualTo("1000");
    assertThat(web.options().hostname()).isEqualTo("web1");
  }

  /** 13-merge.md "Sequence": appended (the spec's DNS example); compose-go merge_dns_test keeps one of each. */
  @Test
  void sequencesAppend() throws Exception {
    ComposeService web = web("""
        services:
          web:
            image: nginx
            dns: [1.1.1.1]
            expose: ["80"]
        """, """
        services:
          web:
            dns: [8.8.8.8, 1.1.1.1]
            expose: ["80", "443"]
        """);

    assertThat(web.options().dns()).containsExactly("1.1.1.1", "8.8.8.8");
    assertThat(web.options().expose()).containsExactly("80", "443");
  }

  /** 13-merge.md "Shell commands": command, entrypoint and healthcheck.test are replaced, not appended. */
  @Test
  void commandsAreReplaced() throws Exception {
    ComposeService web = web("""
        services:
          web:
            image: nginx
            command: ["echo", "foo"]
            entrypoint: ["/bin/sh", "-c"]
            healthcheck: {test: ["CMD", "true"], interval: 5s}
        """, """
        services:
          web:
            command: ["echo", "bar"]
            entrypoint: /entry.sh
            healthcheck: {test: ["CMD", "false"]}
        """);

    assertThat(web.command()).containsExactly("echo", "bar");
    assertThat(web.entrypoint()).containsExactly("/entry.sh");
    assertThat(web.healthcheck().test()).containsExactly("CMD", "false");
    assertThat(web.healthcheck().interval()).hasSeconds(5);
  }

  /** 13-merge.md "Unique resources": ports by their text, volumes by target (the later mount wins). */
  @Test
  void portsAndVolumesAreUnique() throws Exception {
    ComposeService web = web("""
        services:
          web:
            image: nginx
            ports: ["8080:80"]
            volumes: ["./html:/usr/share/nginx/html", "logs:/var/log/nginx"]
        volumes:
          logs: {}
          other: {}
        """, """
        services:
          web:
            ports: ["8080:80", "8443:443"]
            volumes: ["other:/var/log/nginx:ro"]
        """);

    assertThat(web.ports()).containsExactly(
        new PortMapping("", "8080", 80, "tcp"), new PortMapping("", "8443", 443, "tcp"));
    assertThat(web.volumes()).extracting(VolumeMount::target, VolumeMount::source, VolumeMount::readOnly)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/usr/share/nginx/html", dir.resolve("proj/html").toString(), false),
            org.assertj.core.groups.Tuple.tuple("/var/log/nginx", "other", true));
  }

  /** compose-go merge_environment_test: mapping and list forms merge; the later value of a name wins. */
  @Test
  void environmentMergesByName() throws Exception {
    ComposeService web = web("""
        services:
          web:
            image: nginx
            environment: {A: "1", B: "2"}
        """, """
        services:
          web:
            environment: ["B=3", "C=4"]
        """);

    assertThat(web.environment()).containsEntry("A", "1").containsEntry("B", "3").containsEntry("C", "4");
  }

  /** compose-go merge.go mergeDependsOn: a list entry is {condition: service_started}; mappings merge. */
  @Test
  void dependsOnMergesAsAMapping() throws Exception {
    ComposeService web = web("""
        services:
          web:
            image: nginx
            depends_on: [db]
          db: {image: postgres}
          cache: {image: redis}
        """, """
        services:
          web:
            depends_on:
              db: {condition: service_healthy}
              cache: {condition: service_started}
          db:
            healthcheck: {test: ["CMD", "pg_isready"]}
        """);

    assertThat(web.dependsOn().get("db").condition()).isEqualTo(DependsOn.Condition.SERVICE_HEALTHY);
    assertThat(web.dependsOn()).containsKeys("db", "cache");
  }

  /** compose-go merge.go: a later file adds services and top-level resources; the project lists both files. */
  @Test
  void laterFileAddsServices() throws Exception {
    ComposeProject project = Spec.loadFiles(dir, Map.of(), List.of("compose.yaml", "dev.yaml"),
        "compose.yaml", "services:\n  web: {image: nginx}\n",
        "dev.yaml", "services:\n  debug: {image: busybox}\nnetworks:\n  tools: {}\n");

    assertThat(project.services()).containsOnlyKeys("web", "debug");
    assertThat(project.networks()).containsKey("tools");
    assertThat(project.configFiles()).containsExactly(
        dir.resolve("proj/compose.yaml"), dir.resolve("proj/dev.yaml"));
  }

  /** compose-go cli DefaultOverrideFileNames: compose.override.yaml beside compose.yaml is used by default. */
  @Test
  void defaultOverrideFileBesideTheComposeFile() throws Exception {
    ComposeProject project = Spec.loadFiles(dir, Map.of(), List.of(),
        "compose.yaml", "services:\n  web: {image: nginx, ports: [\"80:80\"]}\n",
        "compose.override.yaml", "services:\n  web: {image: nginx:dev}\n");

    assertThat(project.service("web").image()).isEqualTo("nginx:dev");
    assertThat(project.configFiles()).extracting(path -> path.getFileName().toString())
        .containsExactly("compose.yaml", "compose.override.yaml");
  }

  /** compose-go cli: docker-compose.yml takes docker-compose.override.yml. */
  @Test
  void legacyNamesTakeTheirOverride() throws Exception {
    ComposeProject project = Spec.loadFiles(dir, Map.of(), List.of(),
        "docker-compose.yml", "services:\n  web: {image: nginx}\n",
        "docker-compose.override.yml", "services:\n  web: {user: nobody}\n");

    assertThat(project.service("web").options().user()).isEqualTo("nobody");
  }

  /** compose-go merge.go "cannot override": the error names the overriding file, line and key. */
  @Test
  void incompatibleOverrideNamesFileLineAndKey() {
    ComposeException e = Spec.filesFailure(dir, List.of("compose.yaml", "override.yaml"),
        "compose.yaml", "services:\n  web:\n    image: nginx\n    cap_add: [NET_ADMIN]\n",
        "override.yaml", "services:\n  web:\n    cap_add:\n      x: y\n");

    assertThat(e.file()).endsWith("override.yaml");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.key()).isEqualTo("services.web.cap_add");
    assertThat(e.reason()).contains("cannot override a list with a mapping");
  }
}
