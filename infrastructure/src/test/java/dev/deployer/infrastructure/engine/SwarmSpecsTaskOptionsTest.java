package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ServiceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's task options as sent to the engine (Engine API 1.41 ServiceSpec field names). */
class SwarmSpecsTaskOptionsTest {

  private static SwarmServiceSpec spec(SwarmTaskOptions task) {
    return new SwarmServiceSpec("shop_app", "app:1", Map.of(), Map.of(), List.of(), List.of(), Map.of(), List.of(),
        Map.of(), Map.of(), List.of(), List.of(), null, null, 2, null, null,
        SwarmServiceSpec.RestartCondition.ON_FAILURE, null, null, null, null, false, task);
  }

  /** As docker-java's own mapper leaves nulls out, a missing field and a null one are both "not sent". */
  private static JsonNode json(SwarmServiceSpec spec) {
    ServiceSpec docker = SwarmSpecs.toDocker(spec, name -> "id-" + name);
    return new ObjectMapper().valueToTree(docker).path("TaskTemplate");
  }

  @Test
  void everyOptionLandsInTheFieldTheEngineReads() {
    JsonNode task = json(spec(new SwarmTaskOptions("app-host", "1000", "/srv", "SIGINT", true, true, true, true,
        List.of("10.0.0.5 db.local"), List.of("10.0.0.53"), List.of("example.internal"), List.of("ndots:2"),
        new SwarmTaskOptions.LogDriver("json-file", Map.of("max-size", "1m")), Duration.ofSeconds(2), 3,
        Duration.ofSeconds(30), 0.5, 16L * 1024 * 1024, null, null, null)));

    JsonNode container = task.path("ContainerSpec");
    assertThat(container.path("Hostname").asText()).isEqualTo("app-host");
    assertThat(container.path("User").asText()).isEqualTo("1000");
    assertThat(container.path("Dir").asText()).isEqualTo("/srv");
    assertThat(container.path("StopSignal").asText()).isEqualTo("SIGINT");
    assertThat(container.path("ReadOnly").asBoolean()).isTrue();
    assertThat(container.path("Init").asBoolean()).isTrue();
    assertThat(container.path("TTY").asBoolean()).isTrue();
    assertThat(container.path("OpenStdin").asBoolean()).isTrue();
    assertThat(container.path("Hosts").toString()).isEqualTo("[\"10.0.0.5 db.local\"]");
    assertThat(container.path("DNSConfig").toString())
        .isEqualTo("{\"Nameservers\":[\"10.0.0.53\"],\"Search\":[\"example.internal\"],\"Options\":[\"ndots:2\"]}");
    assertThat(task.path("LogDriver").toString()).isEqualTo("{\"Name\":\"json-file\",\"Options\":{\"max-size\":\"1m\"}}");
    assertThat(task.path("RestartPolicy").toString())
        .isEqualTo("{\"Condition\":\"on-failure\",\"Delay\":2000000000,\"MaxAttempts\":3,\"Window\":30000000000}");
    assertThat(task.at("/Resources/Reservations/NanoCPUs").asLong()).isEqualTo(500_000_000L);
    assertThat(task.at("/Resources/Reservations/MemoryBytes").asLong()).isEqualTo(16L * 1024 * 1024);
  }

  @Test
  void withoutOptionsNoneOfTheirFieldsIsSent() {
    JsonNode task = json(spec(SwarmTaskOptions.NONE));

    JsonNode container = task.path("ContainerSpec");
    for (String field : List.of("Hostname", "User", "Dir", "StopSignal", "ReadOnly", "Init", "TTY", "OpenStdin",
        "Hosts", "DNSConfig")) {
      assertThat(container.path(field).isMissingNode() || container.path(field).isNull()).as(field).isTrue();
    }
    assertThat(task.path("LogDriver").isMissingNode() || task.path("LogDriver").isNull()).isTrue();
    assertThat(task.at("/RestartPolicy/Condition").asText()).isEqualTo("on-failure");
    for (String field : List.of("Delay", "MaxAttempts", "Window")) {
      assertThat(task.path("RestartPolicy").path(field).isNull()).as(field).isTrue();
    }
    assertThat(task.path("Resources").path("Reservations").isMissingNode()
        || task.path("Resources").path("Reservations").isNull()).isTrue();
  }
}
