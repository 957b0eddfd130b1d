package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.config.SwarmSettings.Target;
import dev.deployer.pipeline.swarm.SwarmTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLoaderTest {

  @TempDir
  Path directory;

  @Test
  void theEnvironmentsTargetDecidesUnlessTheCommandLineSaysOtherwise() throws Exception {
    assertThat(target(null, "swarm")).isEqualTo(SwarmTarget.NAME);
    assertThat(target(null, "compose")).isEqualTo(ComposeTarget.NAME);
    assertThat(target(Target.COMPOSE, "swarm")).isEqualTo(ComposeTarget.NAME);
    assertThat(target(Target.SWARM, "compose")).isEqualTo(SwarmTarget.NAME);
  }

  @Test
  void theTargetsStepsKeepThePhaseNames() throws Exception {
    for (String configured : new String[] {"compose", "swarm"}) {
      DeployTarget target = load(null, configured).target();
      assertThat(target.startServices(DeployTarget.StartMode.DEPLOY).name()).isEqualTo("start services");
      assertThat(target.waitForHealthy().name()).isEqualTo("wait for healthy");
      assertThat(target.verifyEndpoints().name()).isEqualTo("verify endpoints");
      assertThat(target.preDeployChecks(true).name()).isEqualTo("pre-deployment checks");
      assertThat(target.remove(false).name()).isEqualTo("remove stack");
    }
  }

  @Test
  void anUnknownTargetIsABadConfig() {
    assertThatThrownBy(() -> StackLoader.factory("kubernetes", null))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(PipelineException.Kind.BAD_CONFIG))
        .hasMessageContaining("known: [compose, swarm]");
  }

  private String target(Target requested, String configured) throws Exception {
    return load(requested, configured).target().name();
  }

  /** The repository's config plus an environment targeting {@code configured}. */
  private LoadedStack load(Target requested, String configured) throws Exception {
    Path real = Path.of("../infrastructure/config/deployment_config.yaml").toAbsolutePath().normalize();
    Path file = directory.resolve("config-" + configured + ".yaml");
    Files.writeString(file, Files.readString(real).replace("compose_file: ../../compose.yaml",
        "compose_file: " + real.getParent().resolve("../../compose.yaml").normalize())
        + "\nsw:\n  project: scheduler-sw9\n  target: " + configured + "\n");
    DeployRequest request = new DeployRequest("sw", file, directory.resolve("state"), Map.of(), null)
        .withTarget(requested);
    return StackLoader.load(request);
  }
}
