package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.event.DeployEvent;
import dev.deployer.infrastructure.event.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --image-tag}: the built services run an existing image; nothing is built. What a build withholds. */
class BuildImagesStepTest {

  static final Path CONFIG = Path.of("../infrastructure/config/deployment_config.yaml");

  @TempDir
  Path state;

  final FakeEngine engine = new FakeEngine();

  DeployContext context(String imageTag) throws PipelineException {
    DeployRequest request = new DeployRequest("local", CONFIG, state, Map.of(), Duration.ofSeconds(5))
        .withImageTag(imageTag);
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> engine, "r9");
    new LoadStep().run(context);
    return context;
  }

  @Test
  void anImageTagDeploysTheTaggedImageUnderTheReleaseTagWithoutABuild() throws Exception {
    DeployContext context = context("v7");

    new BuildImagesStep().run(context);

    assertThat(context.images()).containsEntry("api", "scheduler-app:r9").containsEntry("worker", "scheduler-app:r9")
        .containsEntry("db", "postgres:15");
    assertThat(context.imageIds()).containsEntry("api", "scheduler-app:v7");
    assertThat(engine.tags).containsEntry("scheduler-app:r9", "scheduler-app:v7");
  }

  /** The operator's tag wins over {@code pull_policy: build}, and the deploy says so rather than rebuild silently. */
  @Test
  void anImageTagOverAPullPolicyOfBuildIsDeployedWithAWarning() throws Exception {
    Path compose = Files.writeString(state.resolve("compose.yaml"), """
        name: demo
        services:
          app:
            build: .
            image: demo-app
            pull_policy: build
        """);
    List<DeployEvent> events = new CopyOnWriteArrayList<>();
    DeployRequest request = new DeployRequest("staging", compose, state, Map.of(), null).withImageTag("v3");
    DeployContext context = new DeployContext(request, events::add, settings -> engine, "r4");
    context.loaded(DeploymentConfig.forComposeFile("demo", compose, Map.of()),
        new ComposeLoader(Map.of()).load(compose, Set.of()));

    new BuildImagesStep().run(context);

    assertThat(engine.tags).containsEntry("demo-app:r4", "demo-app:v3");
    assertThat(events).filteredOn(event -> event.kind() == DeployEvent.Kind.WARNING).singleElement()
        .satisfies(event -> assertThat(event.message()).contains("service app: --image-tag v3 deploys demo-app:v3"));
  }

  /** compose's {@code <project>/.deployer/compose}, {@code --state-dir DIR}'s {@code DIR/<env>}: both withheld. */
  @Test
  void aBuildWithholdsTheEnvironmentsStateAndTheDirectoryOfEveryEnvironments() {
    assertThat(BuildImagesStep.deployerState(Path.of("/srv/app/.deployer/compose/../compose")))
        .containsExactly(Path.of("/srv/app/.deployer/compose"), Path.of("/srv/app/.deployer"));
  }

  @Test
  void aTagThatIsNotOnTheEngineFailsBeforeAnythingChanges() throws Exception {
    engine.missingImages.add("scheduler-app:v8");
    DeployContext context = context("v8");

    assertThatThrownBy(() -> new BuildImagesStep().run(context))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(PipelineException.Kind.PRE_CHECK_FAILED))
        .hasMessageContaining("no image scheduler-app:v8").hasMessageContaining("nothing was changed");
    assertThat(engine.tags).isEmpty();
  }
}
