package dev.deployer.infrastructure.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSettingsTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @TempDir
  Path dir;

  @Test
  void theSchedulersProbesLiveInItsConfig() throws Exception {
    ProbeSettings probes = loader.load(ConfigLoaderTest.REAL, "staging").probes();

    ProbeSettings.Service api = probes.service("api").orElseThrow();
    assertThat(api.health().path()).isEqualTo("/actuator/health/readiness");
    assertThat(api.health().expect().json()).containsEntry("status", "UP");
    assertThat(api.health().dependencies()).containsExactly("db", "redis");
    assertThat(api.protectedPath()).isEqualTo("/members");
    assertThat(api.checks()).extracting(ProbeSettings.Request::name).containsExactly("members page");
    assertThat(api.performance().routes()).extracting(ProbeSettings.Route::name)
        .containsExactly("event pages", "event by id", "members", "create member");
    assertThat(api.performance().fixtures()).extracting(ProbeSettings.Fixture::name).containsExactly("member", "event");
    assertThat(probes.performanceService()).contains("api");
    assertThat(probes.protectedServices()).containsExactly("api");
    assertThat(probes.headers("api", Map.of("SCHEDULER_API_TOKEN", "t"))).containsEntry("X-API-Token", "t");
    assertThat(probes.headers("api", Map.of())).isEmpty();
  }

  @Test
  void aConfiguredHealthPathBecomesTheServicesLabelAndTheLabelIsTheFallback() throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          web:
            image: busybox
          legacy:
            image: busybox
            labels:
              dev.deployer.health.path: /up
          cache:
            image: redis:7
        """);
    Path config = config("""
          probes:
            web:
              health:
                path: /health.txt
                contains: ok
        """);
    DeploymentConfig loaded = loader.load(config, "local");
    ComposeProject project = loaded.deployed(new ComposeLoader(Map.of()).load(compose, Set.of(), "example"));

    assertThat(project.service("web").labels()).containsEntry(ProbeSettings.HEALTH_LABEL, "/health.txt");
    assertThat(loaded.probes().health(project.service("web")).orElseThrow().expect())
        .isEqualTo(new ProbeSettings.Expect(200, Map.of(), "ok"));
    assertThat(loaded.probes().health(project.service("legacy")).orElseThrow())
        .isEqualTo(new ProbeSettings.Health("/up", ProbeSettings.Expect.UP, null, null, List.of()));
    assertThat(loaded.probes().health(project.service("cache"))).isEmpty();
  }

  @Test
  void aServiceTheComposeFileLacksIsNamedWithItsLine() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: busybox\n");
    Path config = config("""
          probes:
            wbe:
              protected_path: /private
        """);
    DeploymentConfig loaded = loader.load(config, "local");
    ComposeProject project = new ComposeLoader(Map.of()).load(dir.resolve("compose.yaml"), Set.of(), "example");

    assertThatThrownBy(() -> loaded.deployed(project)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("deployment_config.yaml:" + lineOf(config, "wbe:"))
        .hasMessageContaining("probes.wbe").hasMessageContaining("unknown service 'wbe'");
  }

  @Test
  void anUnknownKeyOrAWriteWithoutCleanUpIsRejectedNamingFileLineAndKey() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: busybox\n");
    Path typo = config("""
          probes:
            web:
              health:
                pth: /health
        """);
    assertThatThrownBy(() -> loader.load(typo, "local")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("deployment_config.yaml:" + lineOf(typo, "pth:"))
        .hasMessageContaining("probes.web.health.pth").hasMessageContaining("unknown key");

    Path write = config("""
          probes:
            web:
              performance:
                routes:
                  - name: create
                    method: POST
                    path: /items
        """);
    assertThatThrownBy(() -> loader.load(write, "local")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("deployment_config.yaml:" + lineOf(write, "method: POST"))
        .hasMessageContaining("probes.web.performance.routes[0].method")
        .hasMessageContaining("set `delete`");
  }

  @Test
  void anEnvironmentOverridesOneProbeKeyByDeepMerge() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: busybox\n");
    Path config = config("""
          probes:
            web:
              health: {path: /health, status: 204}
        staging:
          probes:
            web:
              health: {path: /ready}
        """);

    assertThat(loader.load(config, "local").probes().service("web").orElseThrow().health().expect().status())
        .isEqualTo(204);
    ProbeSettings.Health staging = loader.load(config, "staging").probes().service("web").orElseThrow().health();
    assertThat(staging.path()).isEqualTo("/ready");
    assertThat(staging.expect().status()).isEqualTo(204);
  }

  /** A minimal config for compose.yaml in {@link #dir}, with {@code extra} in its base section (and after it). */
  private Path config(String extra) throws IOException {
    Path file = dir.resolve("deployment_config.yaml");
    Files.writeString(file, """
        base:
          project: example
          compose_file: compose.yaml
          app_profile: local
          docker: {host: "unix:///var/run/docker.sock", tls_verify: false, cert_path: ""}
          ports: {}
          variables: {}
          wait: {timeout: 60s}
          monitoring: {health_check_interval: 15s, metrics_interval: 5s}
          rollback: {failure_threshold: 5, requires_confirmation: false, keep_releases: 5}
          validation: {security_level: basic, max_response_time: 1000ms, min_throughput: 10, max_cpu_percent: 80,
            max_memory_percent: 80, max_disk_percent: 90, baseline_tolerance_percent: 50}
          alerts: {webhooks: {critical: "", warning: "", info: ""}}
          reports: {retention: {deployment: 30d, health: 7d, performance: 30d, validation: 30d, rollback: 90d}}
        """ + extra + (extra.contains("\nstaging:") ? "" : "staging: {}\n") + "local: {}\n");
    return file;
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }
}
