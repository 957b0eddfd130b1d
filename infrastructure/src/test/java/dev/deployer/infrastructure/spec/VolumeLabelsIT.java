package dev.deployer.infrastructure.spec;

import static dev.deployer.infrastructure.spec.SpecStack.inspect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.ComposeLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 05-services.md volumes long syntax, {@code volume.labels}, phase up on one engine: the anonymous
 * volume the mount creates carries the labels, as {@code docker volume inspect} shows, and {@code
 * nocopy} beside them still applies. Project h7-vollabels, network 172.31.247.0/24.
 */
class VolumeLabelsIT {

  private static final String CONTAINER = "h7-vollabels-app-1";

  @TempDir
  static Path dir;

  private static SpecStack stack;

  @BeforeAll
  static void up() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: h7-vollabels
        services:
          app:
            image: alpine:3.17
            command: ["sleep", "600"]
            init: true
            volumes:
              - type: volume
                target: /cache
                volume:
                  labels: {tier: cache, team: core}
                  nocopy: true
              - type: volume
                target: /scratch
                volume:
                  labels: [purpose=scratch]
        networks:
          default:
            ipam:
              config:
                - subnet: 172.31.247.0/24
        """);
    stack = SpecStack.up(new ComposeLoader(Map.of()).load(dir.resolve("compose.yaml"), Set.of()));
  }

  /** The container goes, and with it the anonymous volumes it made (the engine keeps them otherwise). */
  @AfterAll
  static void down() throws Exception {
    if (stack != null) {
      List<String> anonymous = new ArrayList<>();
      inspect(CONTAINER).path("Mounts").forEach(m -> anonymous.add(m.path("Name").asText()));
      stack.down();
      for (String volume : anonymous) {
        SpecStack.run("docker", "volume", "rm", volume);
      }
    }
  }

  @Test
  void theAnonymousVolumesCarryTheMountsLabels() throws Exception {
    Map<String, JsonNode> volumes = new java.util.TreeMap<>();
    inspect(CONTAINER).path("Mounts").forEach(m -> volumes.put(m.path("Destination").asText(), m));

    assertThat(volumes.keySet()).containsExactly("/cache", "/scratch");
    assertThat(labels(volumes.get("/cache").path("Name").asText())).isEqualTo(Map.of("tier", "cache", "team", "core"));
    assertThat(labels(volumes.get("/scratch").path("Name").asText())).isEqualTo(Map.of("purpose", "scratch"));
    assertThat(inspect(CONTAINER).path("HostConfig").path("Mounts").toString()).contains("\"NoCopy\":true");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labels(String volume) throws Exception {
    JsonNode inspected = new ObjectMapper().readTree(SpecStack.run("docker", "volume", "inspect", volume)).get(0);
    return new ObjectMapper().treeToValue(inspected.path("Labels"), Map.class);
  }
}
