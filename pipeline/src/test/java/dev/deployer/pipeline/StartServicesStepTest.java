package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.proxy.EdgeConfig;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.proxy.Route;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-host container lifecycle of deploy, rollback and down on an engine in memory, with
 * the repository's own compose.yaml: a deploy keeps the rollback target's replaced containers, a
 * rollback restarts them, verification and down remove them.
 */
class StartServicesStepTest {

  static final Path CONFIG = Path.of("../infrastructure/config/deployment_config.yaml");
  static final String PROJECT = "scheduler";

  @TempDir
  Path state;

  FakeEngine engine;
  ReleaseLedger ledger;

  @BeforeEach
  void setUp() {
    engine = new FakeEngine();
    ledger = new ReleaseLedger(state);
  }

  /** A run for {@code release} with the app image {@code appImage} for api and worker; db and redis stock. */
  DeployContext context(String release, String appImage) throws PipelineException {
    DeployRequest request = new DeployRequest("local", CONFIG, state, Map.of(), Duration.ofSeconds(5));
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> engine, release);
    new LoadStep().run(context);
    for (String service : context.project().services().keySet()) {
      String image = service.equals("api") || service.equals("worker") ? appImage : "stock-" + service;
      context.images().put(service, image);
      context.imageIds().put(service, image);
    }
    return context;
  }

  /** Records {@code context}'s release in the ledger with its config hashes, as RecordReleaseStep does. */
  void record(DeployContext context, ReleaseStatus status) {
    Map<String, Release.ServiceImage> services = new TreeMap<>();
    for (ComposeService service : context.project().services().values()) {
      String imageId = context.imageIds().get(service.name());
      services.put(service.name(), new Release.ServiceImage(context.images().get(service.name()), imageId,
          ContainerChanges.configHash(context, service)));
    }
    ledger.add(new Release(context.release(), "local", PROJECT, Instant.now(), "test", "host", null, "deploy", status,
        services, "c", "d", null, true, List.of(), List.of()));
  }

  /** v1 deployed and verified: the ledger's current release, its four containers running. */
  Map<String, String> v1Verified() throws PipelineException {
    DeployContext v1 = context("r1", "app:v1");
    record(v1, ReleaseStatus.DEPLOYING);
    StartServicesStep.keepingPrevious().run(v1);
    ledger.update("r1", r -> r.withStatus(ReleaseStatus.VERIFIED, Instant.now(), "ok"));
    ledger.setCurrent("r1");
    return ids();
  }

  /** A deploy of {@code release} with the app image {@code appImage}, recorded as deploying first. */
  DeployContext deploy(String release, String appImage) throws PipelineException {
    DeployContext context = context(release, appImage);
    record(context, ReleaseStatus.DEPLOYING);
    StartServicesStep.keepingPrevious().run(context);
    return context;
  }

  Map<String, String> ids() {
    return engine.containers(ComposeLabels.project(PROJECT)).stream()
        .collect(Collectors.toMap(c -> c.label(ComposeLabels.SERVICE), ContainerInfo::id));
  }

  List<String> kept() {
    return engine.keptContainers(ComposeLabels.project(PROJECT)).stream()
        .map(c -> c.name() + " " + c.state() + " " + c.label(ComposeLabels.RELEASE)).sorted().toList();
  }

  @Test
  void aChangedServiceKeepsTheVerifiedContainerStoppedAndOutOfTheStacksListings() throws Exception {
    Map<String, String> v1 = v1Verified();

    DeployContext v2 = deploy("r2", "app:v2");

    assertThat(kept()).containsExactly("scheduler-api-1-previous exited r1", "scheduler-worker-1-previous exited r1");
    assertThat(engine.box(v1.get("api")).restartPolicy).as("an engine restart must leave it stopped").isEqualTo("no");
    List<ContainerInfo> stack = engine.containers(ComposeLabels.project(PROJECT));
    assertThat(stack).hasSize(4).allSatisfy(c -> assertThat(c.running()).isTrue());
    assertThat(stack).extracting(ContainerInfo::name).containsExactlyInAnyOrder("scheduler-api-1", "scheduler-worker-1",
        "scheduler-db-1", "scheduler-redis-1");
    assertThat(ids()).containsEntry("db", v1.get("db")).containsEntry("redis", v1.get("redis"))
        .doesNotContainEntry("api", v1.get("api"));
    assertThat(v2.serviceActions()).containsEntry("api", "recreated").containsEntry("db", "unchanged");
    // The old one stops before its successor starts.
    assertThat(engine.changes).containsSubsequence("keep scheduler-api-1 as scheduler-api-1-previous",
        "create scheduler-api-1", "start scheduler-api-1");
  }

  @Test
  void theRollbackAfterAFailedDeployRestartsTheKeptContainersInsteadOfCreatingNewOnes() throws Exception {
    Map<String, String> v1 = v1Verified();
    deploy("r2", "app:v2");
    engine.changes.clear();

    DeployContext rollback = context("r1", "app:v1");
    new StartServicesStep().run(rollback);

    assertThat(ids()).as("the very containers of v1").isEqualTo(v1);
    assertThat(kept()).isEmpty();
    assertThat(engine.changes).noneMatch(change -> change.startsWith("create"));
    assertThat(engine.box(v1.get("api")).name).isEqualTo("scheduler-api-1");
    assertThat(engine.box(v1.get("api")).restartPolicy).isEqualTo("unless-stopped");
    assertThat(rollback.serviceActions()).containsEntry("api", StartServicesStep.RESTARTED)
        .containsEntry("worker", StartServicesStep.RESTARTED).containsEntry("db", "unchanged");
    assertThat(RollbackService.describeActions(rollback.serviceActions()))
        .isEqualTo("api, worker restarted; db, redis unchanged");
  }

  @Test
  void aRollbackToAReleaseWhoseContainersAreGoneRecreatesThemAndLeavesNoKeptOne() throws Exception {
    v1Verified();
    deploy("r2", "app:v2");

    DeployContext rollback = context("r0", "app:v0");
    new StartServicesStep().run(rollback);

    assertThat(kept()).as("a kept container of another release is of no use any more").isEmpty();
    assertThat(rollback.serviceActions()).containsEntry("api", "recreated");
    assertThat(engine.containers(ComposeLabels.service(PROJECT, "api"))).singleElement()
        .satisfies(c -> assertThat(c.image()).isEqualTo("app:v0"));
  }

  @Test
  void afterAnInterruptedDeployTheNextDeployKeepsTheVerifiedContainerAndHitsNoNameConflict() throws Exception {
    Map<String, String> v1 = v1Verified();
    deploy("r2", "app:v2");
    ledger.update("r2", r -> r.withStatus(ReleaseStatus.FAILED, Instant.now(), "interrupted by a signal"));

    deploy("r3", "app:v3");

    assertThat(kept()).containsExactly("scheduler-api-1-previous exited r1", "scheduler-worker-1-previous exited r1");
    assertThat(engine.keptContainers(ComposeLabels.service(PROJECT, "api"))).extracting(ContainerInfo::id)
        .containsExactly(v1.get("api"));
    assertThat(engine.containers(ComposeLabels.service(PROJECT, "api"))).singleElement()
        .satisfies(c -> assertThat(c.label(ComposeLabels.RELEASE)).isEqualTo("r3"));
    assertThat(engine.boxes).hasSize(6);
  }

  @Test
  void aDeployInterruptedAfterKeepingBeforeCreatingIsCompletedByTheNext() throws Exception {
    Map<String, String> v1 = v1Verified();
    // What a signal between the two leaves: v1's api kept, no api running.
    engine.keepContainer(v1.get("api"), Duration.ZERO);

    deploy("r2", "app:v2");

    assertThat(kept()).contains("scheduler-api-1-previous exited r1");
    assertThat(engine.containers(ComposeLabels.service(PROJECT, "api"))).singleElement()
        .satisfies(c -> assertThat(c.running()).isTrue());
  }

  @Test
  void aDeployOfTheKeptContainersConfigurationRestartsIt() throws Exception {
    Map<String, String> v1 = v1Verified();
    deploy("r2", "app:v2");
    ledger.update("r2", r -> r.withStatus(ReleaseStatus.FAILED, Instant.now(), "interrupted by a signal"));

    DeployContext again = deploy("r3", "app:v1");

    assertThat(ids()).isEqualTo(v1);
    assertThat(kept()).isEmpty();
    assertThat(again.serviceActions()).containsEntry("api", StartServicesStep.RESTARTED);
  }

  @Test
  void withoutAVerifiedReleaseNothingIsKept() throws Exception {
    deploy("r1", "app:v1");

    deploy("r2", "app:v2");

    assertThat(kept()).isEmpty();
    assertThat(engine.boxes).hasSize(4);
  }

  @Test
  void aServiceTakenOffTheBlueGreenEdgeGetsAContainerOfItsOwnInsteadOfKeepingItsColor() throws Exception {
    v1Verified();
    // worker as the edge ran it: one color, made from the same configuration, publishing no port.
    DeployContext onEdge = context("r1", "app:v1");
    ComposeService worker = onEdge.project().service("worker");
    String hash = ContainerChanges.configHash(onEdge, worker);
    engine.removeContainer(ids().get("worker"));
    String blue = engine.createContainer(ContainerSpecFactory.create(onEdge.project(), worker, "app:v1", hash, "r1")
        .renamed("scheduler-worker-blue", Map.of(EdgeContainer.COLOR_LABEL, "blue"), List.of()));
    engine.startContainer(blue);
    engine.changes.clear();

    assertThat(ContainerChanges.changesNothing(context("r2", "app:v1"))).as("the color holds no port").isFalse();
    DeployContext off = deploy("r2", "app:v1");

    assertThat(off.serviceActions()).containsEntry("worker", "recreated").containsEntry("api", "unchanged");
    assertThat(engine.containers(ComposeLabels.service(PROJECT, "worker"))).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("scheduler-worker-1");
      assertThat(c.label(EdgeContainer.COLOR_LABEL)).isNull();
    });
    assertThat(engine.changes).containsSubsequence("remove scheduler-worker-blue", "create scheduler-worker-1",
        "start scheduler-worker-1");
    assertThat(kept()).isEmpty();
  }

  @Test
  void aColorOfTheEdgeIsNeverKeptForARollbackOfTheComposePath() throws Exception {
    v1Verified();
    DeployContext onEdge = context("r1", "app:v1");
    ComposeService worker = onEdge.project().service("worker");
    engine.removeContainer(ids().get("worker"));
    String blue = engine.createContainer(ContainerSpecFactory.create(onEdge.project(), worker, "app:v1",
        ContainerChanges.configHash(onEdge, worker), "r1")
        .renamed("scheduler-worker-blue", Map.of(EdgeContainer.COLOR_LABEL, "blue"), List.of()));
    engine.startContainer(blue);

    DeployContext v2 = deploy("r2", "app:v2");

    assertThat(v2.serviceActions()).containsEntry("worker", "recreated");
    assertThat(kept()).as("restored under the compose name it would publish no port").containsExactly(
        "scheduler-api-1-previous exited r1");
    assertThat(engine.container("scheduler-worker-blue")).isEmpty();
  }

  @Test
  void theComposeTargetRemovesTheEdgeThatDeploysWithTheProxyOnLeftBeforeAnyServiceStarts() throws Exception {
    v1Verified();
    String edge = engine.createContainer(EdgeContainer.spec(new EdgeConfig(PROJECT, List.of(new Route("api",
        "127.0.0.1", 18080, 8080, "/health"))), "haproxy:2.6", List.of("scheduler_default")));
    engine.startContainer(edge);
    engine.changes.clear();
    DeployContext same = context("r2", "app:v1");
    assertThat(new ComposeTarget().changesNothing(same)).as("the edge holds the ports").isFalse();

    new ComposeTarget().startServices(DeployTarget.StartMode.DEPLOY).run(same);

    assertThat(engine.container("scheduler-edge")).isEmpty();
    assertThat(engine.changes).startsWith("stop scheduler-edge", "remove scheduler-edge");
    assertThat(new ComposeTarget().changesNothing(context("r3", "app:v1"))).isTrue();
  }

  @Test
  void aRedeployWithoutChangesTouchesNothingNotEvenTheKeptContainers() throws Exception {
    v1Verified();
    deploy("r2", "app:v2");
    engine.changes.clear();

    DeployContext same = deploy("r3", "app:v2");

    assertThat(ContainerChanges.changesNothing(same)).isTrue();
    assertThat(engine.changes).isEmpty();
    assertThat(kept()).hasSize(2);
  }

  @Test
  void verificationAndDownRemoveTheKeptContainers() throws Exception {
    v1Verified();
    deploy("r2", "app:v2");
    List<String> progress = new ArrayList<>();

    ContainerChanges.removeKept(engine, PROJECT, progress::add);

    assertThat(kept()).isEmpty();
    assertThat(ids()).hasSize(4);
    assertThat(progress).containsExactlyInAnyOrder("kept container scheduler-api-1-previous (release r1) removed",
        "kept container scheduler-worker-1-previous (release r1) removed");

    ledger.update("r2", r -> r.withStatus(ReleaseStatus.VERIFIED, Instant.now(), "ok"));
    ledger.setCurrent("r2");
    deploy("r3", "app:v3");
    assertThat(kept()).containsExactly("scheduler-api-1-previous exited r2", "scheduler-worker-1-previous exited r2");
    DeployContext down = context("r3", "app:v3");
    new RemoveStackStep(true).run(down);
    assertThat(engine.boxes).isEmpty();
    assertThat(engine.volumes).isEmpty();
    assertThat(engine.networks).isEmpty();
  }

  @Test
  void theReplacementRestartsAKeptMatchKeepsTheTargetsAndRemovesTheRest() {
    ContainerInfo running = container("new", "scheduler-api-1", "h2");
    ContainerInfo keptTarget = container("old", "scheduler-api-1-previous", "h1");
    ContainerInfo stray = container("stray", "scheduler-api-2", "h0");

    StartServicesStep.Replacement deploy = StartServicesStep.Replacement.of(List.of(running, stray), List.of(keptTarget),
        "h3", "h1");
    assertThat(deploy.restart()).isNull();
    assertThat(deploy.keep()).isSameAs(keptTarget);
    assertThat(deploy.remove()).containsExactly(running, stray);

    StartServicesStep.Replacement rollback = StartServicesStep.Replacement.of(List.of(running), List.of(keptTarget),
        "h1", null);
    assertThat(rollback.restart()).isSameAs(keptTarget);
    assertThat(rollback.keep()).isNull();
    assertThat(rollback.remove()).containsExactly(running);

    StartServicesStep.Replacement first = StartServicesStep.Replacement.of(List.of(running), List.of(), "h3", "h2");
    assertThat(first.keep()).isSameAs(running);
    assertThat(first.remove()).isEmpty();

    StartServicesStep.Replacement noTarget = StartServicesStep.Replacement.of(List.of(running), List.of(keptTarget),
        "h3", null);
    assertThat(noTarget.restart()).isNull();
    assertThat(noTarget.keep()).isNull();
    assertThat(noTarget.remove()).containsExactly(running, keptTarget);
  }

  static ContainerInfo container(String id, String name, String hash) {
    return new ContainerInfo(id, name, "image", "image", Map.of(ComposeLabels.CONFIG_HASH, hash), "running", null, 0, 0,
        false, Instant.EPOCH, List.of());
  }

  @Test
  void aContainerThatKeepsRestartingIsKilledAtOnceAnyOtherGetsItsGrace() {
    ContainerInfo serving = container("a", "demo-api-1", "h");
    ContainerInfo startingAgain = new ContainerInfo("b", "demo-api-1", "image", "image", Map.of(), "running", "starting",
        1, 3, false, Instant.EPOCH, List.of());
    ContainerInfo restarting = new ContainerInfo("c", "demo-api-1", "image", "image", Map.of(), "restarting", null, 1,
        4, false, Instant.EPOCH, List.of());
    ContainerInfo restartedOnceAndHealthy = new ContainerInfo("d", "demo-db-1", "image", "image", Map.of(), "running",
        "healthy", 0, 1, false, Instant.EPOCH, List.of());

    assertThat(ContainerChanges.stopTimeout(serving)).isEqualTo(ContainerChanges.STOP_TIMEOUT);
    assertThat(ContainerChanges.stopTimeout(startingAgain)).isEqualTo(Duration.ZERO);
    assertThat(ContainerChanges.stopTimeout(restarting)).isEqualTo(Duration.ZERO);
    assertThat(ContainerChanges.stopTimeout(restartedOnceAndHealthy)).isEqualTo(ContainerChanges.STOP_TIMEOUT);
  }

  @Test
  void theKeptNameCannotBeAComposeName() {
    assertThat(ContainerEngine.keptName("scheduler-api-1")).isEqualTo("scheduler-api-1-previous");
    assertThat(ContainerEngine.isKept(container("a", "scheduler-api-1", "h"))).isFalse();
    assertThat(ContainerEngine.isKept(container("a", "scheduler-api-1-previous", "h"))).isTrue();
  }
}
