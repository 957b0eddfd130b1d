package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.VolumeConfig;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.lock.DeployLock;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-deployment checks against a fake engine: every check runs and is reported. */
class PreDeployChecksStepTest {

  @TempDir
  Path work;

  /** What the fake engine was asked to pull. */
  final List<String> pulls = new ArrayList<>();

  /** The networks and volumes the fake engine has. */
  final Map<String, NetworkConfig> networks = new HashMap<>();
  final Map<String, VolumeConfig> volumes = new HashMap<>();
  final FakeEngine lockEngine = new FakeEngine();

  /** An engine with {@code present} images; a pull of anything else fails the way an engine without a registry does. */
  /** When the fake engine last tagged an image (pulled, built or loaded it); none known when absent. */
  final Map<String, java.time.Instant> lastTagged = new java.util.HashMap<>();

  /** The engine's cgroup version (null: not reported), and what the checks did with containers. */
  String cgroupVersion;
  final List<String> containerCalls = new ArrayList<>();

  ContainerEngine engine(Set<String> present, boolean pullWorks) {
    return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "info" -> new ContainerEngine.EngineInfo("27.0", "1.46", "linux", work.toString(), false)
              .withHost(cgroupVersion, null, Map.of(), Set.of());
          case "createContainer" -> {
            containerCalls.add("create");
            yield "probe";
          }
          case "startContainer" -> {
            containerCalls.add("start");
            throw new EngineException("Status 500: {\"message\":\"" + RealTimeProbeTest.CGROUP_REFUSAL.replace("\"",
                "\\\"") + "\"}");
          }
          case "removeContainer" -> {
            containerCalls.add("remove " + args[0]);
            yield null;
          }
          case "imageId" -> present.contains((String) args[0]) ? Optional.of("sha256:" + args[0]) : Optional.empty();
          case "imageLastTagged" -> Optional.ofNullable(lastTagged.get((String) args[0]));
          case "pullImage" -> {
            pulls.add((String) args[0]);
            if (!pullWorks) {
              throw new EngineException("pulling " + args[0] + " failed: Get \"https://registry-1.docker.io/v2/\": dial tcp:"
                  + " lookup registry-1.docker.io: no such host");
            }
            yield "sha256:pulled";
          }
          case "containers" -> List.of();
          case "network" -> Optional.ofNullable(networks.get((String) args[0]));
          case "volume" -> Optional.ofNullable(volumes.get((String) args[0]));
          case "close" -> null;
          // the deploy lock: on an engine in memory
          case "container", "createMarker", "removeMarker", "readFile", "writeFile" -> method.invoke(lockEngine, args);
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  ComposeProject project(String services) throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), "name: demo\nservices:\n" + services);
    return new ComposeLoader(Map.of()).load(compose, Set.of());
  }

  DeployContext context(String dockerHost, ComposeProject project, ContainerEngine engine) {
    DeployRequest request = new DeployRequest("staging", work.resolve("compose.yaml"), work, Map.of(), null);
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> engine);
    context.loaded(DeploymentConfig.forComposeFile("demo", work.resolve("compose.yaml"),
        Map.of("DOCKER_HOST", dockerHost)), project);
    return context;
  }

  @Test
  void anImageIsBuiltWhenTheServiceHasABuildElseUsedWhenPresentElsePulled() throws Exception {
    ComposeProject project = project("""
          app:
            build: .
            image: demo-app
          db:
            image: postgres:16
        """);
    ComposeService app = project.services().get("app");
    ComposeService db = project.services().get("db");

    assertThat(ImageSources.decide(app, false)).isEqualTo(ImageSources.Source.BUILD);
    assertThat(ImageSources.decide(app, true)).isEqualTo(ImageSources.Source.BUILD);
    assertThat(ImageSources.decide(db, true)).isEqualTo(ImageSources.Source.PRESENT);
    assertThat(ImageSources.decide(db, false)).isEqualTo(ImageSources.Source.PULL);
  }

  @Test
  void aPresentImageIsNeverPulledAndAMissingOneIsPulled() throws Exception {
    ComposeService db = project("  db:\n    image: postgres:16\n").services().get("db");

    CheckResult present = PreDeployChecksStep.imageCheck(engine(Set.of("postgres:16"), true), db, line -> { });
    assertThat(present.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(present.actual()).isEqualTo("present");
    assertThat(pulls).isEmpty();

    CheckResult pulled = PreDeployChecksStep.imageCheck(engine(Set.of(), true), db, line -> { });
    assertThat(pulled.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(pulled.actual()).isEqualTo("pulled");
    assertThat(pulls).containsExactly("postgres:16");
  }

  /** docker compose mustPull, per pull_policy: what the pre-deployment checks pull, and what they refuse. */
  @Test
  void thePullPolicyDecidesWhatIsPulledBeforeAnythingChanges() throws Exception {
    ComposeProject project = project("""
          never:
            image: ghost:1
            pull_policy: never
          always:
            image: postgres:16
            pull_policy: always
          daily:
            image: redis:7
            pull_policy: daily
          weekly:
            image: alpine:3.17
            pull_policy: weekly
        """);
    java.time.Instant now = java.time.Instant.now();
    lastTagged.put("redis:7", now.minus(java.time.Duration.ofHours(30)));
    lastTagged.put("alpine:3.17", now.minus(java.time.Duration.ofDays(2)));
    ContainerEngine engine = engine(Set.of("postgres:16", "redis:7", "alpine:3.17"), true);
    Map<String, CheckResult> results = new java.util.HashMap<>();
    project.services().forEach((name, service) ->
        results.put(name, PreDeployChecksStep.imageCheck(engine, service, line -> { })));

    assertThat(results.get("never").failed()).isTrue();
    assertThat(results.get("never").actual()).isEqualTo("image ghost:1 is missing and its pull_policy is never, so it"
        + " is not pulled; build or load it on the engine first");
    assertThat(results.get("always").actual()).isEqualTo("pulled");
    assertThat(results.get("daily").actual()).isEqualTo("pulled");
    assertThat(results.get("weekly").actual()).startsWith("present, last pulled or tagged ");
    assertThat(pulls).containsExactlyInAnyOrder("postgres:16", "redis:7");
  }

  /** pull_policy always where no registry answers: the check fails with the engine's reason, before anything changes. */
  @Test
  void aPullThePolicyAsksForThatFailsFailsTheCheckEvenWithTheImagePresent() throws Exception {
    ComposeService db = project("  db:\n    image: postgres:16\n    pull_policy: always\n").services().get("db");

    CheckResult result = PreDeployChecksStep.imageCheck(engine(Set.of("postgres:16"), false), db, line -> { });

    assertThat(result.failed()).isTrue();
    assertThat(result.expected()).isEqualTo("postgres:16 pulled (pull_policy always)");
    assertThat(result.actual()).contains("image postgres:16 could not be pulled", "no such host",
        "its pull_policy asks for a pull", "set pull_policy to missing");
  }

  /** A build section is built, not pulled: a policy that would pull instead is refused, not dropped. */
  @Test
  void aBuildSectionWithAPolicyThatPullsIsRefused() throws Exception {
    Files.writeString(work.resolve("Dockerfile"), "FROM alpine:3.17\n");
    ComposeService app = project("  app:\n    build: .\n    pull_policy: daily\n").services().get("app");

    CheckResult result = PreDeployChecksStep.imageCheck(engine(Set.of(), true), app, line -> { });

    assertThat(result.failed()).isTrue();
    assertThat(result.actual()).startsWith("pull_policy daily with a build section: the deployer builds the image");
    assertThat(pulls).isEmpty();
  }

  @Test
  void anImageThatCannotBePulledFailsWithTheEnginesReasonAndTheWayOut() throws Exception {
    ComposeService db = project("  db:\n    image: postgres:16\n").services().get("db");

    CheckResult result = PreDeployChecksStep.imageCheck(engine(Set.of(), false), db, line -> { });

    assertThat(result.failed()).isTrue();
    assertThat(result.actual()).contains("postgres:16 is missing and could not be pulled", "no such host",
        "scripts/setup.sh");
  }

  @Test
  void anExistingNetworkOrVolumeWithOtherSettingsFailsAndSaysWhatToDo() {
    ContainerEngine engine = engine(Set.of(), false);
    NetworkConfig network = new NetworkConfig("demo_default", null, Map.of(), Map.of(), false, false);
    VolumeConfig volume = new VolumeConfig("demo_data", null, Map.of(), Map.of());

    assertThat(PreDeployChecksStep.networkCheck(engine, network).actual()).isEqualTo("absent: the deploy creates it");
    networks.put("demo_default", new NetworkConfig("demo_default", "bridge", Map.of(), Map.of(), true, false));
    volumes.put("demo_data", new VolumeConfig("demo_data", "local", Map.of(), Map.of()));

    CheckResult networkResult = PreDeployChecksStep.networkCheck(engine, network);
    assertThat(networkResult.failed()).isTrue();
    assertThat(networkResult.actual()).contains("internal true (the file: false)", "docker network rm demo_default");
    CheckResult volumeResult = PreDeployChecksStep.volumeCheck(engine, volume);
    assertThat(volumeResult.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(volumeResult.actual()).isEqualTo("exists with the file's settings");

    volumes.put("demo_data", new VolumeConfig("demo_data", "nfs", Map.of(), Map.of()));
    assertThat(PreDeployChecksStep.volumeCheck(engine, volume).actual())
        .contains("driver nfs (the file: local)", "may hold data", "docker volume rm demo_data");
  }

  @Test
  void aHostPortRangeIsCheckedPortByPort() throws Exception {
    assertThat(PreDeployChecksStep.hostPorts("8000-8002")).containsExactly(8000, 8001, 8002);
    assertThat(PreDeployChecksStep.hostPorts("8000")).containsExactly(8000);
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = busy.getLocalPort();

      CheckResult taken = PreDeployChecksStep.portCheck("api",
          new PortMapping("127.0.0.1", port + "-" + port, 80, "tcp"), Set.of());
      CheckResult oneOurs = PreDeployChecksStep.portCheck("api",
          new PortMapping("127.0.0.1", port + "-" + (port + 1), 80, "tcp"), Set.of(port + 1));

      assertThat(taken.failed()).isTrue();
      assertThat(taken.name()).isEqualTo("port 127.0.0.1:" + port + "-" + port + " (api)");
      assertThat(oneOurs.verdict()).isEqualTo(CheckResult.Verdict.PASS);
      assertThat(oneOurs.actual()).contains(port + " ").contains((port + 1) + " held by this stack");
    }
  }

  @Test
  void onARemoteEngineDiskAndPortsAreReportedAsSkippedAndAHeldLockAlongsideAMissingImage() throws Exception {
    ComposeProject project = project("""
          api:
            image: demo-api:1
            ports:
              - "8000-8002:8080"
        """);
    DeployContext context = context("tcp://10.9.8.7:2376", project, engine(Set.of(), false));
    new DeployLock(lockEngine, "demo", "staging").acquire("someone", "deploy", "release x", Duration.ofMinutes(30));

    assertThatThrownBy(() -> new PreDeployChecksStep().run(context))
        .isInstanceOf(PipelineException.class)
        .satisfies(e -> {
          PipelineException failure = (PipelineException) e;
          assertThat(failure.kind()).isEqualTo(PipelineException.Kind.LOCK_HELD);
          assertThat(failure.getMessage()).contains("lock", "held by someone", "2 pre-deployment check(s) failed",
              "nothing was changed");
          assertThat(failure.failedChecks()).extracting(CheckResult::name)
              .containsExactlyInAnyOrder("image api", "deploy lock free");
        });
    assertThat(context.checks()).extracting(CheckResult::name, CheckResult::verdict).contains(
        org.assertj.core.groups.Tuple.tuple("engine", CheckResult.Verdict.PASS),
        org.assertj.core.groups.Tuple.tuple("config and compose", CheckResult.Verdict.PASS),
        org.assertj.core.groups.Tuple.tuple("disk", CheckResult.Verdict.WARN),
        org.assertj.core.groups.Tuple.tuple("port 0.0.0.0:8000-8002 (api)", CheckResult.Verdict.WARN));
    assertThat(context.checks()).filteredOn(c -> c.verdict() == CheckResult.Verdict.WARN)
        .allSatisfy(c -> assertThat(c.actual()).startsWith("skipped: docker.host tcp://10.9.8.7:2376 is not this machine"));
  }

  @Test
  void onALocalEngineABusyPortFailsTheChecksWithoutTheLock() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = busy.getLocalPort();
      ComposeProject project = project("""
            api:
              image: demo-api:1
              ports:
                - "127.0.0.1:%d:8080"
          """.formatted(port));
      DeployContext context = context("unix:///var/run/docker.sock", project, engine(Set.of("demo-api:1"), false));

      assertThatThrownBy(() -> new PreDeployChecksStep().run(context))
          .isInstanceOf(PipelineException.class)
          .satisfies(e -> assertThat(((PipelineException) e).kind()).isEqualTo(PipelineException.Kind.PRE_CHECK_FAILED));
      assertThat(context.checks()).filteredOn(CheckResult::failed).extracting(CheckResult::name)
          .contains("port 127.0.0.1:" + port + " (api)");
      assertThat(context.checks()).filteredOn(c -> c.name().equals("deploy lock free"))
          .singleElement().satisfies(c -> assertThat(c.verdict()).isEqualTo(CheckResult.Verdict.PASS));
      assertThat(context.checks()).anySatisfy(c -> assertThat(c.name()).startsWith("disk "));
      assertThat(pulls).isEmpty();
    }
  }

  @Test
  void aRealTimeBudgetIsProbedOnlyOnACgroupV1EngineAndTheProbeIsRemoved() throws Exception {
    ComposeProject project = project("""
          app:
            image: demo-api:1
            cpu_rt_runtime: 950
        """);
    for (String version : new String[] {"2", null}) {
      cgroupVersion = version;
      DeployContext context = context("tcp://10.9.8.7:2376", project, engine(Set.of("demo-api:1"), false));
      assertThatThrownBy(() -> new PreDeployChecksStep(false).run(context))
          .isInstanceOf(PipelineException.class)
          .satisfies(e -> assertThat(((PipelineException) e).failedChecks()).singleElement()
              .satisfies(c -> assertThat(c.actual()).contains("services.app.cpu_rt_runtime", "cgroup v1")));
      assertThat(containerCalls).as("cgroup " + version).isEmpty();
    }

    cgroupVersion = "1";
    DeployContext context = context("tcp://10.9.8.7:2376", project, engine(Set.of("demo-api:1"), false));
    assertThatThrownBy(() -> new PreDeployChecksStep(false).run(context))
        .isInstanceOf(PipelineException.class)
        .satisfies(e -> assertThat(((PipelineException) e).failedChecks()).singleElement()
            .satisfies(c -> assertThat(c.actual()).contains("services.app.cpu_rt_runtime",
                "refused as it started: " + RealTimeProbeTest.CGROUP_REFUSAL)));
    assertThat(containerCalls).containsExactly("create", "start", "remove probe");
  }
}
