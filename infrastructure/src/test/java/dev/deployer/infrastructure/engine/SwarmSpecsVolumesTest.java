package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.ServiceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Swarm service specs as sent to the engine: named volumes (a declared one carries its driver and
 * options, others the stack's labels), placement, and global mode.
 */
class SwarmSpecsVolumesTest {

  @Test
  void aDeclaredVolumeMountCarriesItsDriverConfig() {
    SwarmServiceSpec spec = new SwarmServiceSpec("shop_app", "app:1", Map.of(), Map.of(), List.of(), List.of(),
        Map.of(), List.of(new ContainerSpec.Mount("volume", "shop_data", "/data", false),
            new ContainerSpec.Mount("volume", "", "/scratch", false)),
        Map.of("com.docker.stack.namespace", "shop"),
        Map.of("shop_data", new VolumeConfig("shop_data", null, Map.of("type", "tmpfs", "device", "tmpfs"),
            Map.of("backup", "daily", "com.docker.stack.namespace", "shop"))),
        List.of(), List.of(), null, null, 1, null, null, null, null, null, null, null, false);

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

  /** 05-services.md volume.labels: an anonymous volume a task creates carries them over the stack's labels. */
  @Test
  void anAnonymousVolumeMountCarriesItsOwnLabelsWithTheStacks() {
    SwarmServiceSpec spec = new SwarmServiceSpec("shop_app", "app:1", Map.of(), Map.of(), List.of(), List.of(),
        Map.of(), List.of(new ContainerSpec.Mount("volume", "", "/cache", false, false, null, null, false, null,
            null, Map.of("tier", "cache"))),
        Map.of("com.docker.stack.namespace", "shop"), Map.of(),
        List.of(), List.of(), null, null, 1, null, null, null, null, null, null, null, false);

    Mount cache = SwarmSpecs.toDocker(spec, name -> "id-" + name).getTaskTemplate().getContainerSpec()
        .getMounts().get(0);

    assertThat(cache.getVolumeOptions().getLabels())
        .isEqualTo(Map.of("com.docker.stack.namespace", "shop", "tier", "cache"));
  }

  @Test
  void aPlacementSendsConstraintsSpreadPreferencesAndAReplicaLimit() throws Exception {
    SwarmServiceSpec spec = new SwarmServiceSpec("shop_app", "app:1", Map.of(), Map.of(), List.of(), List.of(),
        Map.of(), List.of(), Map.of(), Map.of(), List.of(), List.of(), null, null, 3, null, null, null, null, null,
        null, new SwarmServiceSpec.Placement(List.of("node.labels.deployer.db == true"), List.of("node.id"), 2),
        false);

    ServiceSpec docker = SwarmSpecs.toDocker(spec, name -> "id-" + name);

    String json = new ObjectMapper().writeValueAsString(docker.getTaskTemplate().getPlacement());
    assertThat(json).contains("\"Constraints\":[\"node.labels.deployer.db == true\"]")
        .contains("\"Preferences\":[{\"Spread\":{\"SpreadDescriptor\":\"node.id\"}}]")
        .contains("\"MaxReplicas\":2");
  }

  @Test
  void aGlobalServiceIsSentInGlobalModeAndReadBackAsGlobal() throws Exception {
    SwarmServiceSpec spec = new SwarmServiceSpec("shop_agent", "app:1", Map.of(), Map.of(), List.of(), List.of(),
        Map.of(), List.of(), Map.of(), Map.of(), List.of(), List.of(), null, null, 1, null, null, null, null, null,
        null, null, true);

    ServiceSpec docker = SwarmSpecs.toDocker(spec, name -> "id-" + name);
    ObjectMapper json = new ObjectMapper();
    String mode = json.writeValueAsString(docker.getMode());
    SwarmEngine.SwarmService read = SwarmSpecs.service(json.readTree(
        "{\"ID\":\"s1\",\"Version\":{\"Index\":3},\"Spec\":{\"Name\":\"shop_agent\",\"Mode\":" + mode + "}}"));

    assertThat(spec.replicas()).isZero();
    assertThat(docker.getMode().getGlobal()).isNotNull();
    assertThat(docker.getMode().getReplicated()).isNull();
    assertThat(mode).contains("Global").doesNotContain("Replicas");
    assertThat(read.global()).isTrue();
    assertThat(read.replicas()).isZero();
  }
}
