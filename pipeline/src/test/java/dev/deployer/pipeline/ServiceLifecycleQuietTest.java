package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart policy of a quiet color (blue/green {@code proxy.stop_previous} with {@code
 * proxy.quiet}): off while quiet, so a process that dies is not restarted taking work as the old
 * release; the service's own again when a rollback resumes it, which starts it if it died.
 */
class ServiceLifecycleQuietTest {

  @TempDir
  Path state;

  FakeEngine engine;
  DeployContext context;
  ComposeService worker;

  @BeforeEach
  void setUp() throws PipelineException {
    engine = new FakeEngine();
    DeployRequest request = new DeployRequest("local", StartServicesStepTest.CONFIG, state, Map.of(),
        Duration.ofSeconds(5));
    context = new DeployContext(request, EventSink.NONE, settings -> engine, "r1");
    new LoadStep().run(context);
    for (String service : context.project().services().keySet()) {
      context.images().put(service, "app:v1");
      context.imageIds().put(service, "app:v1");
    }
    StartServicesStep.keepingPrevious().run(context);
    worker = context.project().services().get("worker");
    engine.changes.clear();
  }

  ContainerInfo worker() {
    return engine.containers(ComposeLabels.service(StartServicesStepTest.PROJECT, "worker")).get(0);
  }

  @Test
  void quietingTurnsTheRestartPolicyOffBeforeTheSignal() {
    assertThat(engine.box(worker().id()).restartPolicy).isEqualTo("unless-stopped");

    boolean quiet = ServiceLifecycle.quiet(context, worker(), "SIGTSTP");

    assertThat(quiet).isTrue();
    assertThat(engine.box(worker().id()).restartPolicy).isEqualTo("no");
    assertThat(worker().running()).as("quiet, not stopped: warm for a rollback").isTrue();
    // Off first: a process that dies right after the signal must not be restarted.
    assertThat(engine.changes).containsExactly("restart policy no scheduler-worker-1", "SIGTSTP scheduler-worker-1");
  }

  @Test
  void aContainerThatDoesNotRunIsNotQuietAndItsPolicyIsOffAllTheSame() {
    engine.stopContainer(worker().id(), Duration.ZERO);

    assertThat(ServiceLifecycle.quiet(context, worker(), "SIGTSTP")).isFalse();
    assertThat(engine.box(worker().id()).restartPolicy).isEqualTo("no");
  }

  @Test
  void resumingARunningQuietContainerRestoresThePolicyThenSendsTheResumeSignal() {
    ServiceLifecycle.quiet(context, worker(), "SIGTSTP");
    engine.changes.clear();

    boolean started = ServiceLifecycle.resume(context, worker, worker(), "unless-stopped", "SIGCONT");

    assertThat(started).isFalse();
    assertThat(engine.box(worker().id()).restartPolicy).isEqualTo("unless-stopped");
    assertThat(engine.changes).containsExactly("restart policy unless-stopped scheduler-worker-1",
        "SIGCONT scheduler-worker-1");
  }

  @Test
  void resumingAQuietContainerThatDiedStartsItWithItsPolicyInsteadOfSignallingIt() {
    ServiceLifecycle.quiet(context, worker(), "SIGTSTP");
    engine.box(worker().id()).state = "exited"; // killed while quiet: with no policy, the engine left it so
    engine.changes.clear();

    boolean started = ServiceLifecycle.resume(context, worker, worker(), "unless-stopped", "SIGCONT");

    assertThat(started).isTrue();
    assertThat(worker().running()).isTrue();
    assertThat(engine.box(worker().id()).restartPolicy).isEqualTo("unless-stopped");
    assertThat(engine.changes).containsExactly("restart policy unless-stopped scheduler-worker-1",
        "start scheduler-worker-1").doesNotContain("SIGCONT scheduler-worker-1");
  }

  @Test
  void aServiceWithoutARestartPolicyGetsNoneBack() {
    ServiceLifecycle.quiet(context, worker(), "SIGTSTP");

    ServiceLifecycle.resume(context, worker, worker(), null, "SIGCONT");

    assertThat(engine.box(worker().id()).restartPolicy).isEqualTo("no");
  }
}
