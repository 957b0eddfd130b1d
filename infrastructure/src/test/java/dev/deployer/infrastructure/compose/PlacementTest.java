package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code deploy.placement}: read for the Swarm target, and part of the service's hash. */
class PlacementTest {

  @Test
  void constraintsSpreadPreferencesAndAReplicaLimit() throws Exception {
    ComposeProject project = Fixtures.load("placement/compose.yaml");

    assertThat(project.service("api").deploy().placement()).isEqualTo(
        new DeploySpec.Placement(List.of("node.role == worker"), List.of("node.labels.zone"), 2));
    assertThat(project.service("db").deploy().placement().constraints())
        .containsExactly("node.labels.deployer.db == true");
    assertThat(ComposeJson.service(project.service("api")).toString()).contains("max_replicas_per_node=2");
  }
}
