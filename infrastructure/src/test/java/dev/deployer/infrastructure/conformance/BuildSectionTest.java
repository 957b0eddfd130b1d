package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.BuildSpec;
import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeJson;
import dev.deployer.infrastructure.compose.ConfigHashes;
import dev.deployer.infrastructure.compose.ComposeService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose Specification, "Compose Build Specification" (spec/build.md), phase parse and config. */
class BuildSectionTest {

  @TempDir
  Path dir;

  private ComposeService only(String yaml) throws ComposeException {
    return Spec.load(dir, yaml, Map.of("HOME", "/home/spec", "TAG", "7")).services().values().iterator().next();
  }

  /** build.md: the short syntax is the context; the Dockerfile defaults to Dockerfile (compose-go normalize). */
  @Test
  void aContextStringUsesItsDockerfile() throws Exception {
    BuildSpec build = only("services:\n  app:\n    build: ./app\n").build();

    assertThat(build.context()).isEqualTo(dir.resolve("proj/app"));
    assertThat(build.dockerfile()).isEqualTo("Dockerfile");
    assertThat(build.dockerfileInline()).isNull();
    assertThat(build.labels()).isEmpty();
    assertThat(build.noCache()).isFalse();
  }

  /**
   * build.md: dockerfile_inline, labels (map and list), tags, cache_from, no_cache, pull, network,
   * shm_size, extra_hosts (both forms), platforms.
   */
  @Test
  void theKeysTheClassicBuilderTakes() throws Exception {
    BuildSpec build = only("""
        services:
          app:
            build:
              context: .
              dockerfile_inline: |
                FROM alpine:3.17
                RUN echo hi
              labels:
                com.example.team: core
                com.example.empty:
              tags: ["registry.test/app:${TAG}", app:latest]
              cache_from: [app:previous]
              no_cache: true
              pull: true
              network: host
              shm_size: 128m
              extra_hosts:
                db: 10.0.0.5
                v6: "::1"
              platforms: [linux/amd64]
        """).build();

    assertThat(build.dockerfile()).isNull();
    assertThat(build.dockerfileInline()).isEqualTo("FROM alpine:3.17\nRUN echo hi\n");
    assertThat(build.labels()).isEqualTo(Map.of("com.example.team", "core", "com.example.empty", ""));
    assertThat(build.tags()).containsExactly("registry.test/app:7", "app:latest");
    assertThat(build.cacheFrom()).containsExactly("app:previous");
    assertThat(build.noCache()).isTrue();
    assertThat(build.pull()).isTrue();
    assertThat(build.network()).isEqualTo("host");
    assertThat(build.shmSize()).isEqualTo(128L * 1024 * 1024);
    assertThat(build.extraHosts()).containsExactly("db:10.0.0.5", "v6:::1");
    assertThat(build.platforms()).containsExactly("linux/amd64");
  }

  /** build.md extra_hosts, labels: the list forms, HOST=IP and HOST:IP as compose-go reads them. */
  @Test
  void listForms() throws Exception {
    BuildSpec build = only("""
        services:
          app:
            build:
              context: .
              labels: [a=1, b]
              extra_hosts: ["db=10.0.0.5", "cache:10.0.0.6"]
        """).build();

    assertThat(build.labels()).isEqualTo(Map.of("a", "1", "b", ""));
    assertThat(build.extraHosts()).containsExactly("db:10.0.0.5", "cache:10.0.0.6");
  }

  /** compose-go loader: dockerfile and dockerfile_inline together are refused, naming file and line. */
  @Test
  void aDockerfileAndAnInlineOneAreMutuallyExclusive() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            build:
              context: .
              dockerfile: Dockerfile
              dockerfile_inline: FROM alpine:3.17
        """);

    assertThat(e.getMessage()).contains("compose.yaml:6").contains("services.app.build.dockerfile_inline")
        .contains("dockerfile and dockerfile_inline are mutually exclusive");
  }

  /** build.md shm_size: an invalid size names its place. */
  @Test
  void anInvalidShmSizeNamesItsPlace() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            build:
              context: .
              shm_size: lots
        """);

    assertThat(e.getMessage()).contains("compose.yaml:5").contains("services.app.build.shm_size");
  }

  /**
   * `docker compose config`: the build as compose-go prints it: no dockerfile beside
   * dockerfile_inline, shm_size in bytes as a string, extra_hosts as sorted HOST=IP, false flags
   * left out.
   */
  @Test
  void printedAsComposeConfigPrintsIt() throws Exception {
    ComposeService s = only("""
        services:
          app:
            build:
              context: .
              dockerfile_inline: FROM alpine:3.17
              labels: {team: core}
              tags: [app:extra]
              cache_from: [app:previous]
              no_cache: true
              pull: false
              network: none
              shm_size: 1m
              extra_hosts: ["web:10.0.0.7", "db:10.0.0.5"]
              platforms: [linux/amd64]
        """);

    Object printed = ComposeJson.service(s).get("build");
    assertThat(new ObjectMapper().writeValueAsString(printed)).isEqualTo("{\"cache_from\":[\"app:previous\"],"
        + "\"context\":\"" + dir.resolve("proj") + "\",\"dockerfile_inline\":\"FROM alpine:3.17\","
        + "\"extra_hosts\":[\"db=10.0.0.5\",\"web=10.0.0.7\"],\"labels\":{\"team\":\"core\"},\"network\":\"none\","
        + "\"no_cache\":true,\"platforms\":[\"linux/amd64\"],\"shm_size\":\"1048576\",\"tags\":[\"app:extra\"]}");
  }

  /** A changed build key changes the service's config hash, so the deployer sees the change. */
  @Test
  void aBuildKeyIsPartOfTheConfigHash() throws Exception {
    String base = "services:\n  app:\n    build:\n      context: .\n";
    String plain = ConfigHashes.configHash(only(base));

    for (String key : List.of("network: none", "shm_size: 1m", "tags: [a:b]", "labels: {a: b}", "no_cache: true")) {
      assertThat(ConfigHashes.configHash(only(base + "      " + key + "\n"))).as(key).isNotEqualTo(plain);
    }
  }
}
