package dev.deployer.pipeline.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.stack.StackResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmDeployStepTest {

  private static final NetworkSpec DEFAULT_NETWORK =
      new NetworkSpec("demo_default", false, null, Map.of(), Map.of(), false, false);

  @Test
  void aStackNetworkIsAnAttachableOverlayWithTheStacksLabel() {
    NetworkConfig overlay = SwarmDeployStep.overlay("demo", DEFAULT_NETWORK);

    assertThat(overlay.driver()).isEqualTo("overlay");
    assertThat(overlay.attachable()).isTrue();
    assertThat(overlay.labels()).containsEntry("com.docker.stack.namespace", "demo");
  }

  @Test
  void theBridgeNetworkASingleHostDeployLeftIsNotTakenForTheOverlay() {
    NetworkConfig leftBySingleHost = new NetworkConfig("demo_default", "bridge", Map.of(), Map.of(), false, false);
    NetworkConfig fromSwarm = new NetworkConfig("demo_default", "overlay", Map.of(), Map.of(), false, true);

    NetworkConfig wanted = SwarmDeployStep.overlay("demo", DEFAULT_NETWORK);

    assertThat(StackResources.drift(wanted, leftBySingleHost))
        .containsExactly("driver bridge (the file: overlay)", "attachable false (the file: true)");
    assertThat(StackResources.drift(wanted, fromSwarm)).isEmpty();
  }
}
