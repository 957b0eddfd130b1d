package dev.deployer.infrastructure.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmTask;
import dev.deployer.infrastructure.engine.SwarmEngine.UpdateStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceStatusTest {

  static final Instant SINCE = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void readyWhenTheDesiredReplicasRunTheCurrentSpec() {
    ServiceStatus status = ServiceStatus.of(service(3, null), List.of(task(1, "running", "new"),
        task(2, "running", "new"), task(3, "running", "new"), task(3, "shutdown", "old")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.READY);
    assertThat(status.detail()).isEqualTo("3/3 running");
  }

  @Test
  void tasksOfAnOlderSpecOrStillStartingDoNotCount() {
    ServiceStatus status = ServiceStatus.of(service(3, null), List.of(task(1, "running", "new"),
        task(2, "starting", "new"), task(3, "running", "old")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.PENDING);
    assertThat(status.running()).isEqualTo(1);
  }

  @Test
  void pendingWhileAnUpdateIsUnderWayEvenIfATaskFailed() {
    ServiceStatus status = ServiceStatus.of(service(3, update("updating", "update in progress", 10)),
        List.of(failed(1, 20, "task: non-zero exit (1)")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.PENDING);
    assertThat(status.detail()).contains("updating: update in progress");
    assertThat(status.failedTasks()).hasSize(1);
  }

  @Test
  void aRollbackBySwarmDuringThisRunIsAFailureWithItsMessage() {
    ServiceStatus status = ServiceStatus.of(service(3, update("rollback_completed",
        "rollback completed: update paused due to failure or early termination of task x", 5)),
        List.of(task(1, "running", "new"), task(2, "running", "new"), task(3, "running", "new")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.ROLLED_BACK);
    assertThat(status.state().isFailure()).isTrue();
    assertThat(status.detail()).startsWith("Swarm rolled the update back: rollback completed").endsWith("3/3 running");
  }

  @Test
  void aRollbackBeforeThisRunIsHistory() {
    ServiceStatus status = ServiceStatus.of(service(1, update("rollback_completed", "earlier", -600)),
        List.of(task(1, "running", "new")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.READY);
  }

  @Test
  void aTaskThatFailsOutsideAnUpdateFailsAtOnceWithItsReason() {
    ServiceStatus status = ServiceStatus.of(service(1, null),
        List.of(failed(1, 3, "task: non-zero exit (70)"), failed(1, -100, "long ago")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.FAILED);
    assertThat(status.detail()).isEqualTo("task scheduler-sw1_api.1 failed: task: non-zero exit (70) (exit code 70); 0/1 running");
    assertThat(status.failedTasks()).hasSize(1);
  }

  @Test
  void tasksOfTheReleaseBeingReplacedThatGoOnFailingAreNotAFailureOfTheNewOne() {
    ServiceStatus status = ServiceStatus.of(service(1, null),
        List.of(failed(1, 3, "task: non-zero exit (70)", "old"), task(1, "starting", "new")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.PENDING);
    assertThat(status.failedTasks()).isEmpty();
  }

  @Test
  void aGlobalServiceWantsOneTaskOnEveryNodeSwarmGaveOneExceptNodesThatAreDown() {
    SwarmService global = new SwarmService("svc1", "scheduler-sw1_agent", 12, "sha256:abc", null, 0, 1,
        Map.of(SwarmLabels.TEMPLATE_HASH, "new"), List.of(), null, SINCE, true);
    List<SwarmTask> tasks = List.of(onNode("n1", "running"), onNode("n2", "running"), onNode("n3", "starting"));

    ServiceStatus starting = ServiceStatus.of(global, tasks, SINCE);
    ServiceStatus withoutTheLostNode = ServiceStatus.of(global, tasks, SINCE, java.util.Set.of("n3"));

    assertThat(starting.state()).isEqualTo(ServiceStatus.State.PENDING);
    assertThat(starting.detail()).isEqualTo("2/3 running");
    assertThat(withoutTheLostNode.state()).isEqualTo(ServiceStatus.State.READY);
    assertThat(withoutTheLostNode.detail()).isEqualTo("2/2 running");
    assertThat(ServiceStatus.taskName(global, tasks.get(0))).as("as docker service ps names it")
        .isEqualTo("scheduler-sw1_agent.n1");
  }

  @Test
  void aGlobalServiceSwarmHasNotGivenATaskYetIsNotReady() {
    SwarmService global = new SwarmService("svc1", "scheduler-sw1_agent", 1, "sha256:abc", null, 0, 1,
        Map.of(SwarmLabels.TEMPLATE_HASH, "new"), List.of(), null, SINCE, true);

    ServiceStatus status = ServiceStatus.of(global, List.of(), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.PENDING);
    assertThat(status.detail()).isEqualTo("0/1 running");
  }

  @Test
  void aTaskMadeBeforeThatALostNodeReportsFailedOnRejoiningIsHistory() {
    SwarmService global = new SwarmService("svc1", "scheduler-sw1_agent", 12, "sha256:abc", null, 0, 1,
        Map.of(SwarmLabels.TEMPLATE_HASH, "new"), List.of(), null, SINCE, true);
    SwarmTask lostWithItsNode = new SwarmTask("t-old", "svc1", 0, "n2", "failed", "running", "started",
        "task: non-zero exit (255)", "c-old", 255, "sha256:abc", Map.of(SwarmLabels.TEMPLATE_HASH, "new"),
        SINCE.minusSeconds(300), SINCE.plusSeconds(1));

    ServiceStatus status = ServiceStatus.of(global, List.of(onNode("n1", "running"), lostWithItsNode,
        onNode("n2", "running")), SINCE);

    assertThat(status.state()).isEqualTo(ServiceStatus.State.READY);
    assertThat(status.failedTasks()).isEmpty();
  }

  private static SwarmTask onNode(String node, String state) {
    return new SwarmTask("t-" + node, "svc1", 0, node, state, "running", state, null, "c-" + node, null, "sha256:abc",
        Map.of(SwarmLabels.TEMPLATE_HASH, "new"), SINCE, SINCE.plusSeconds(1));
  }

  private static SwarmService service(int replicas, UpdateStatus update) {
    return new SwarmService("svc1", "scheduler-sw1_api", 12, "sha256:abc", null, replicas, 1,
        Map.of(SwarmLabels.TEMPLATE_HASH, "new"), List.of(), update, SINCE);
  }

  private static UpdateStatus update(String state, String message, int secondsAfterSince) {
    return new UpdateStatus(state, message, SINCE.plusSeconds(secondsAfterSince), null);
  }

  private static SwarmTask task(int slot, String state, String hash) {
    return new SwarmTask("t" + slot + state + hash, "svc1", slot, "node1", state,
        "shutdown".equals(state) ? "shutdown" : "running", state, null, "c" + slot, null, "sha256:abc",
        Map.of(SwarmLabels.TEMPLATE_HASH, hash), SINCE, SINCE.plusSeconds(1));
  }

  private static SwarmTask failed(int slot, int secondsAfterSince, String error) {
    return failed(slot, secondsAfterSince, error, "new");
  }

  private static SwarmTask failed(int slot, int secondsAfterSince, String error, String hash) {
    return new SwarmTask("f" + slot + secondsAfterSince, "svc1", slot, "node1", "failed", "shutdown", "started",
        error, "c" + slot, 70, "sha256:abc", Map.of(SwarmLabels.TEMPLATE_HASH, hash), SINCE,
        SINCE.plusSeconds(secondsAfterSince));
  }
}
