package dev.deployer.pipeline.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.config.SwarmSettings.Target;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.LoadStep;
import dev.deployer.pipeline.PreDeployChecksStep;
import dev.deployer.pipeline.StartServicesStep;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.ValidateBaselineStep;
import dev.deployer.pipeline.VerifyEndpointsStep;
import dev.deployer.pipeline.WaitForHealthyStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmStepsTest {

  @TempDir
  Path directory;

  @Test
  void everyContainerStepGetsASwarmCounterpartUnderTheSameName() {
    LoadStep load = new LoadStep();
    ValidateBaselineStep baseline = new ValidateBaselineStep();
    List<Step> steps = List.of(load, new PreDeployChecksStep(), new StartServicesStep(), new WaitForHealthyStep(),
        baseline, new VerifyEndpointsStep());

    List<Step> targeted = SwarmSteps.targeted(steps);

    assertThat(targeted).extracting(Step::name).isEqualTo(steps.stream().map(Step::name).toList());
    assertThat(targeted.get(0)).isSameAs(load);
    assertThat(targeted.get(4)).as("the baseline step finds either target's containers itself").isSameAs(baseline);
    assertThat(List.of(targeted.get(1), targeted.get(2), targeted.get(3), targeted.get(5))).noneMatch(steps::contains);
    assertThat(SwarmSteps.targeted(targeted)).as("wrapping twice changes nothing").isEqualTo(targeted);
  }

  @Test
  void theEnvironmentsTargetDecidesUnlessTheCommandLineSaysOtherwise() throws Exception {
    assertThat(ran(null, "swarm")).containsExactly("swarm");
    assertThat(ran(null, "compose")).containsExactly("compose");
    assertThat(ran(Target.COMPOSE, "swarm")).containsExactly("compose");
    assertThat(ran(Target.SWARM, "compose")).containsExactly("swarm");
  }

  @Test
  void aStepWithoutASwarmCounterpartIsSkippedOnSwarm() throws Exception {
    List<String> ran = new ArrayList<>();
    DeployContext context = loaded(null, "swarm");

    SwarmSteps.either(step("compose", ran), null).run(context);

    assertThat(ran).isEmpty();
  }

  private List<String> ran(Target requested, String configured) throws Exception {
    List<String> ran = new ArrayList<>();
    SwarmSteps.either(step("compose", ran), step("swarm", ran)).run(loaded(requested, configured));
    return ran;
  }

  /** A context loaded from the repository's config plus an environment targeting {@code configured}. */
  private DeployContext loaded(Target requested, String configured) throws Exception {
    Path real = Path.of("../infrastructure/config/deployment_config.yaml").toAbsolutePath().normalize();
    Path file = directory.resolve("config-" + configured + ".yaml");
    Files.writeString(file, Files.readString(real).replace("compose_file: ../../compose.yaml",
        "compose_file: " + real.getParent().resolve("../../compose.yaml").normalize())
        + "\nsw:\n  project: scheduler-sw9\n  target: " + configured + "\n");
    DeployRequest request = new DeployRequest("sw", file, directory.resolve("state"), Map.of(), null)
        .withTarget(requested);
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> {
      throw new AssertionError("no engine needed");
    });
    new LoadStep().run(context);
    return context;
  }

  private static Step step(String name, List<String> ran) {
    return new Step() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run(DeployContext context) {
        ran.add(name);
      }
    };
  }
}
