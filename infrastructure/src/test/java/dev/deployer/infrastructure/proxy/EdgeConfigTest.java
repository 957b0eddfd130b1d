package dev.deployer.infrastructure.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {

  static final Route API = new Route("api", "127.0.0.1", 8000, 8000, "/actuator/health/readiness");
  static final Route WORKER = new Route("worker", "", 8001, 8001, "/actuator/health/readiness");
  static final Route DB = new Route("db", null, 54322, 5432, null);

  @Test
  void eachRouteHasAPublicAndAPreviewFrontendOverBlueAndGreenByNameAllWithWeightZero() {
    EdgeConfig config = new EdgeConfig("scheduler", List.of(API, WORKER));
    String text = config.text();

    assertThat(text)
        .contains("stats socket ipv4@127.0.0.1:9998 level admin\n")
        .doesNotContain("0.0.0.0:9999")
        .contains("resolvers docker\n  nameserver dns 127.0.0.11:53\n")
        .contains("  hold valid 1s\n")
        .contains("  retries 3\n  option redispatch 1\n")
        .contains("  default-server init-addr none resolvers docker resolve-prefer ipv4 check inter 1s downinter 200ms fall 2 rise 1"
            + " weight 0\n")
        .contains("frontend api_8000\n  mode http\n  bind :8000\n  default_backend api_8000\n")
        .contains("frontend api_8000_preview\n  mode http\n  bind :9100\n  default_backend api_8000_preview\n")
        .contains("frontend worker_8001_preview\n  mode http\n  bind :9101\n");
    for (String backend : List.of("api_8000", "api_8000_preview")) {
      assertThat(text).contains("backend " + backend + "\n" + """
            mode http
            option httpchk GET /actuator/health/readiness
            http-check expect status 200
            retry-on conn-failure empty-response
            server blue scheduler-api-blue:8000
            server green scheduler-api-green:8000
          """);
    }
    assertThat(config.previewPort(API)).isEqualTo(9100);
    assertThat(config.previewPort(WORKER)).isEqualTo(9101);
    assertThat(config.route("worker")).isEqualTo(WORKER);
    assertThat(API.backend()).isEqualTo("api_8000");
    assertThat(API.previewBackend()).isEqualTo("api_8000_preview");
  }

  @Test
  void theRuntimeApiListensOnLoopbackAndPort9999LetsOnlyTheHostsAddressThroughToIt() {
    String text = new EdgeConfig("scheduler", List.of(API)).text();

    assertThat(text).contains("""
        frontend runtime-api
          mode tcp
          bind :9999
          tcp-request connection reject unless { src "${EDGE_HOST_ADDRESS}" }
          default_backend runtime-api
        backend runtime-api
          mode tcp
          server api 127.0.0.1:9998 init-addr libc no-check weight 1
        """);
  }

  @Test
  void aRouteWithoutHealthPathIsTcpCheckedByConnectingAndNeverRetriedOnAStatus() {
    String text = new EdgeConfig("scheduler", List.of(DB)).text();

    assertThat(text)
        .contains("frontend db_54322\n  mode tcp\n  bind :54322\n")
        .contains("backend db_54322\n  mode tcp\n  server blue scheduler-db-blue:5432\n")
        .doesNotContain("httpchk")
        .doesNotContain("retry-on");
  }

  @Test
  void theTextDependsOnlyOnProjectAndRoutes() {
    assertThat(new EdgeConfig("scheduler", List.of(API)).text())
        .isEqualTo(new EdgeConfig("scheduler", List.of(API)).text())
        .isNotEqualTo(new EdgeConfig("scheduler-staging", List.of(API)).text());
  }

  @Test
  void portsThatWouldClashInsideTheEdgeAreRefused() {
    assertThatThrownBy(() -> new EdgeConfig("s", List.of(API, new Route("web", "", 8000, 80, null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 8000 twice");
    assertThatThrownBy(() -> new EdgeConfig("s", List.of(new Route("web", "", 9100, 80, null))))
        .hasMessageContaining("port 9100 twice");
    assertThatThrownBy(() -> new EdgeConfig("s", List.of(new Route("web", "", EdgeConfig.LOCAL_API_PORT, 80, null))))
        .hasMessageContaining("port 9998 twice");
    assertThatThrownBy(() -> new EdgeConfig("s", List.of(new Route("web", "", EdgeConfig.ADMIN_PORT, 80, null))))
        .hasMessageContaining("port 9999 twice");
    assertThatThrownBy(() -> new EdgeConfig("s", List.of())).hasMessageContaining("at least one route");
    assertThatThrownBy(() -> new Route("web", "", 0, 80, null)).hasMessageContaining("1..65535");
    assertThatThrownBy(() -> new EdgeConfig("s", List.of(API)).previewPort(WORKER))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
