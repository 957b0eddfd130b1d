package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.ServiceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Named volumes in a Swarm service: a declared one carries its driver and options, others the stack's labels. */
class SwarmSpecsVolumesTest {

  @Test
  void aDeclaredVolumeMountCarriesItsDriverConfig() {
    SwarmServiceSpec spec = new SwarmServiceSpec("shop_app", "app:1", Map.of(), Map.of(), List.of(), List.of(),
        Map.of(), List.of(new ContainerSpec.Mount("volume", "shop_data", "/data", false),
            new ContainerSpec.Mount("volume", "", "/scratch", false)),
        Map.of("com.docker.stack.namespace", "shop"),
        Map.of("shop_data", new VolumeConfig("shop_data", null, Map.of("type", "tmpfs", "device", "tmpfs"),
            Map.of("backup", "daily", "com.docker.stack.namespace", "shop"))),
        List.of(), List.of(), null, null, 1, null, null, null, null, null, null, null);

    ServiceSpec docker = SwarmSpecs.toDocker(spec, name -> "id-" + name);

    List<Mount> mounts = docker.getTaskTemplate().getContainerSpec().getMounts();
    Mount data = mounts.get(0);
    assertThat(data.getVolumeOptions().getDriverConfig().getName()).isEqualTo("local");
    assertThat(data.getVolumeOptions().getDriverConfig().getOptions())
        .isEqualTo(Map.of("type", "tmpfs", "device", "tmpfs"));
    assertThat(data.getVolumeOptions().getLabels()).containsEntry("backup", "daily");
    Mount scratch = mounts.get(1);
    assertThat(scratch.getVolumeOptions().getDriverConfig()).isNull();
    assertThat(scratch.getVolumeOptions().getLabels()).isEqualTo(Map.of("com.docker.stack.namespace", "shop"));
  }

  @Test
  void aPlacementSendsConstraintsSpreadPreferencesAndAReplicaLimit() throws Exception {
    SwarmServiceSpec spec = new SwarmServiceSpec("shop_app", "app:1", Map.of(), Map.of(), List.of(), List.of(),
        Map.of(), List.of(), Map.of(), Map.of(), List.of(), List.of(), null, null, 3, null, null, null, null, null,
        null, new SwarmServiceSpec.Placement(List.of("node.labels.deployer.db == true"), List.of("node.id"), 2));

    ServiceSpec docker = SwarmSpecs.toDocker(spec, name -> "id-" + name);

    String json = new ObjectMapper().writeValueAsString(docker.getTaskTemplate().getPlacement());
    assertThat(json).contains("\"Constraints\":[\"node.labels.deployer.db == true\"]")
        .contains("\"Preferences\":[{\"Spread\":{\"SpreadDescriptor\":\"node.id\"}}]")
        .contains("\"MaxReplicas\":2");
  }
}
