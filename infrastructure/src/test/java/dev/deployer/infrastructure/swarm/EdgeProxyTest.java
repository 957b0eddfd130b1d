package dev.deployer.infrastructure.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.config.SwarmSettings.PublishMode;
import dev.deployer.infrastructure.config.SwarmSettings.ServiceOverride;
import dev.deployer.infrastructure.engine.SwarmServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeProxyTest {

  static final String HEALTH = "dev.deployer.health.path";

  static final SwarmSettings SETTINGS = SwarmServiceSpecsTest.settings(PublishMode.EDGE, Map.of(
      "api", new ServiceOverride(3, null, null, true, null),
      "db", SwarmServiceSpecsTest.UNPUBLISHED,
      "redis", SwarmServiceSpecsTest.UNPUBLISHED));

  @Test
  void routesEveryPublishedPortOfThePublishedServices() throws Exception {
    List<EdgeProxy.Route> routes = EdgeProxy.routes(SwarmServiceSpecsTest.project(), SETTINGS, HEALTH);

    assertThat(routes).containsExactly(
        new EdgeProxy.Route("api", 18500, 8000, "/actuator/health/readiness", 6),
        new EdgeProxy.Route("worker", 18501, 8001, "/actuator/health/readiness", 4));
  }

  @TempDir
  Path dir;

  private ComposeProject project(String compose) throws Exception {
    return new ComposeLoader(Map.of()).load(Files.writeString(dir.resolve("compose.yaml"), compose), Set.of(), "demo");
  }

  @Test
  void aServicesScaleGivesItRoomForItsTasksWhenDeployReplicasIsAbsent() throws Exception {
    ComposeProject project = project("""
        services:
          web:
            image: alpine:3.17
            scale: 3
            ports: ["8080:80"]
        """);

    assertThat(EdgeProxy.routes(project, SwarmServiceSpecsTest.settings(PublishMode.EDGE, Map.of()), HEALTH))
        .extracting(EdgeProxy.Route::servers).containsExactly(6);
  }

  @Test
  void aGlobalServiceGetsRoomForTwoTasksPerNodeInPowersOfTwoAndAtLeastEight() throws Exception {
    ComposeProject project = project("""
        services:
          agent:
            image: alpine:3.17
            deploy: {mode: global}
            ports: ["9100:9100"]
        """);
    SwarmSettings settings = SwarmServiceSpecsTest.settings(PublishMode.EDGE, Map.of());

    assertThat(List.of(0, 1, 4, 5, 8, 9, 40)).extracting(nodes -> EdgeProxy.routes(project, settings, HEALTH, nodes)
        .get(0).servers()).containsExactly(8, 8, 8, 16, 16, 32, 128);
  }

  @Test
  void theConfigBalancesOverHealthyTasksFoundByDnsAndRetriesUnansweredRequests() throws Exception {
    String config = EdgeProxy.config("scheduler-sw1", List.of(
        new EdgeProxy.Route("api", 18500, 8000, "/actuator/health/readiness", 6),
        new EdgeProxy.Route("db", 18502, 5432, null, 4)));

    assertThat(config)
        .contains("nameserver dns 127.0.0.11:53")
        .contains("frontend api_18500\n  mode http\n  bind :18500\n  default_backend api_18500\n")
        .contains("option httpchk GET /actuator/health/readiness\n  http-check expect status 200\n")
        .contains("retry-on conn-failure empty-response\n")
        .contains("server-template api 6 api:8000\n")
        .contains("backend db_18502\n  mode tcp\n  server-template db 4 db:5432\n")
        .contains("option redispatch 1")
        .contains("default-server init-addr none resolvers swarm resolve-prefer ipv4 check inter 1s fall 2 rise 2");
  }

  @Test
  void theEdgeServicePublishesOnItsNodeAndStopsBeforeItsReplacementStarts() throws Exception {
    ComposeProject project = SwarmServiceSpecsTest.project();
    List<EdgeProxy.Route> routes = EdgeProxy.routes(project, SETTINGS, HEALTH);

    SwarmServiceSpec spec = EdgeProxy.spec(project, routes, "sha256:hap", "haproxy:2.6", "r1");

    assertThat(spec.name()).isEqualTo("scheduler-sw1_edge");
    assertThat(spec.labels()).containsEntry(SwarmLabels.NAMESPACE, "scheduler-sw1")
        .containsEntry(SwarmLabels.COMPOSE_SERVICE, "edge").containsEntry(SwarmLabels.IMAGE, "haproxy:2.6");
    assertThat(spec.ports()).containsExactly(
        new SwarmServiceSpec.Port(18500, 18500, "tcp", SwarmServiceSpec.PublishMode.HOST),
        new SwarmServiceSpec.Port(18501, 18501, "tcp", SwarmServiceSpec.PublishMode.HOST));
    assertThat(spec.networks()).containsExactly(new SwarmServiceSpec.Network("scheduler-sw1_default", List.of("edge")));
    assertThat(spec.update().order()).isEqualTo("stop-first");
    assertThat(spec.placement().constraints()).as("its ports are bound where it runs").containsExactly("node.role == manager");
    assertThat(spec.environment().get("HAPROXY_CFG")).isEqualTo(EdgeProxy.config("scheduler-sw1", routes));
    assertThat(spec.entrypoint()).startsWith("sh", "-c");
    assertThat(EdgeProxy.spec(project, List.of(), "sha256:hap", "haproxy:2.6", "r1")).isNull();
  }
}
