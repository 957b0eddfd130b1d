package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resolved model in the shape of {@code docker compose config --format json}. */
class ComposeJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode scheduler() throws Exception {
    return JSON.readTree(ComposeJson.pretty(Fixtures.load("scheduler/compose.yaml")));
  }

  @Test
  void projectShape() throws Exception {
    JsonNode json = scheduler();

    assertThat(json.get("name").asText()).isEqualTo("scheduler");
    assertThat(iterable(json.get("services").fieldNames())).containsExactly("api", "worker", "db", "redis");
    assertThat(json.at("/networks/default/name").asText()).isEqualTo("scheduler_default");
    assertThat(json.at("/volumes/db-data/name").asText()).isEqualTo("scheduler_db-data");
  }

  @Test
  void serviceFields() throws Exception {
    JsonNode api = scheduler().at("/services/api");

    assertThat(api.get("image").asText()).isEqualTo("scheduler-app:latest");
    assertThat(JSON.treeToValue(api.get("ports"), List.class))
        .containsExactly(
            Map.of("mode", "ingress", "host_ip", "127.0.0.1", "target", 8000, "published", "8000", "protocol", "tcp"));
    assertThat(api.at("/ports/0/published").isTextual()).isTrue();
    assertThat(JSON.treeToValue(api.get("depends_on"), Map.class))
        .isEqualTo(
            Map.of(
                "db", Map.of("condition", "service_healthy", "required", true),
                "redis", Map.of("condition", "service_healthy", "required", true)));
    assertThat(JSON.treeToValue(api.get("healthcheck"), Map.class))
        .isEqualTo(
            Map.of(
                "test", List.of("CMD", "curl", "-fsS", "http://localhost:8000/actuator/health/readiness"),
                "interval", "2s",
                "timeout", "3s",
                "retries", 30,
                "start_period", "1m0s"));
    assertThat(api.at("/deploy/resources/limits/cpus").asDouble()).isEqualTo(1.0);
    assertThat(api.at("/deploy/resources/limits/memory").asText()).isEqualTo("536870912");
    assertThat(api.at("/environment/SCHEDULER_ROLE").asText()).isEqualTo("api");
    assertThat(api.get("restart").asText()).isEqualTo("unless-stopped");
    assertThat(api.get("networks").has("default")).isTrue();
    assertThat(api.at("/networks/default").isNull()).isTrue();
    assertThat(api.at("/build/context").asText()).endsWith("scheduler/app");
    assertThat(api.has("command")).isFalse();
  }

  @Test
  void volumes() throws Exception {
    JsonNode db = scheduler().at("/services/db");
    assertThat(JSON.treeToValue(db.get("volumes"), List.class))
        .containsExactly(Map.of("type", "volume", "source", "db-data", "target", "/var/lib/postgresql/data"));

    JsonNode app =
        JSON.valueToTree(ComposeJson.project(Fixtures.load("volumes/compose.yaml", Map.of("HOME", "/h"))));
    assertThat(app.at("/services/app/volumes/1/read_only").asBoolean()).isTrue();
    assertThat(app.at("/volumes/outside/external").asBoolean()).isTrue();
    assertThat(app.at("/networks/ext/name").asText()).isEqualTo("corp-net");
    assertThat(JSON.treeToValue(app.at("/services/other/networks"), Map.class)).containsOnlyKeys("back");
  }

  @Test
  void networkAndVolumeOptions() throws Exception {
    JsonNode json = JSON.valueToTree(ComposeJson.project(Fixtures.load("resources/compose.yaml")));

    assertThat(JSON.treeToValue(json.at("/networks/front"), Map.class)).isEqualTo(Map.of("name", "resources_front",
        "driver", "bridge", "driver_opts", Map.of("com.docker.network.bridge.enable_icc", "true",
            "com.docker.network.driver.mtu", "1400"), "labels", Map.of("tier", "front"), "internal", true,
        "attachable", true));
    assertThat(json.get("networks").has("default")).isFalse();
    assertThat(JSON.treeToValue(json.at("/volumes/data/driver_opts"), Map.class))
        .isEqualTo(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=10m"));
  }

  @Test
  void deployAndHealthcheckVariants() throws Exception {
    JsonNode full = JSON.valueToTree(ComposeJson.service(Fixtures.load("full/compose.yaml").service("api")));
    assertThat(full.at("/deploy/replicas").asInt()).isEqualTo(2);
    assertThat(full.at("/deploy/resources/limits/cpus").asDouble()).isEqualTo(1.5);
    assertThat(full.at("/deploy/update_config/delay").asText()).isEqualTo("10s");
    assertThat(full.at("/deploy/update_config/monitor").asText()).isEqualTo("1m0s");
    assertThat(full.at("/entrypoint/2").asText()).isEqualTo("two words");

    ComposeProject checks = Fixtures.load("healthcheck/compose.yaml");
    assertThat(JSON.valueToTree(ComposeJson.service(checks.service("disabled"))).at("/healthcheck/disable").asBoolean())
        .isTrue();
    assertThat(ComposeJson.service(checks.service("cmd")).get("healthcheck").toString())
        .contains("interval=1m30s", "timeout=500ms", "start_period=1h2m3s", "start_interval=10s");
  }

  @Test
  void canonicalJsonSortsKeys() {
    assertThat(ConfigHashes.canonical(Map.of("b", 1, "a", Map.of("d", 2, "c", 3))))
        .isEqualTo("{\"a\":{\"c\":3,\"d\":2},\"b\":1}");
  }

  @Test
  void configHashIgnoresReplicasButNotOtherChanges() throws Exception {
    ComposeService api = Fixtures.load("full/compose.yaml").service("api");
    ComposeService scaled =
        new ComposeService(
            api.name(), api.image(), api.build(), api.command(), api.entrypoint(), api.environment(),
            api.ports(), api.volumes(), api.networks(), api.dependsOn(), api.healthcheck(), api.restart(),
            api.labels(), api.limits(), api.profiles(),
            new DeploySpec(5, api.deploy().updateConfig(), api.deploy().rollbackConfig(), api.limits()));
    ComposeService relabelled =
        new ComposeService(
            api.name(), api.image(), api.build(), api.command(), api.entrypoint(), api.environment(),
            api.ports(), api.volumes(), api.networks(), api.dependsOn(), api.healthcheck(), api.restart(),
            Map.of("a", "2"), api.limits(), api.profiles(), api.deploy());

    assertThat(scaled.configHash()).isEqualTo(api.configHash());
    assertThat(relabelled.configHash()).isNotEqualTo(api.configHash());
    assertThat(api.configHash()).matches("[0-9a-f]{64}");
    assertThat(api.configHash()).isEqualTo(ConfigHashes.sha256(ConfigHashes.canonical(withoutReplicas(api))));
  }

  private static Map<String, Object> withoutReplicas(ComposeService service) {
    Map<String, Object> json = ComposeJson.service(service);
    @SuppressWarnings("unchecked")
    Map<String, Object> deploy = new java.util.TreeMap<>((Map<String, Object>) json.get("deploy"));
    deploy.remove("replicas");
    json.put("deploy", deploy);
    return json;
  }

  private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
    List<T> list = new java.util.ArrayList<>();
    iterator.forEachRemaining(list::add);
    return list;
  }
}
