package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-time CPU probe against a fake engine: when it probes, what it concludes from the
 * engine's answer, and that the probe container is removed on every path.
 */
class RealTimeProbeTest {

  /** What runc said on this machine's engine (Docker 20.10, cgroup v1, dockerd without --cpu-rt-runtime). */
  static final String CGROUP_REFUSAL = "failed to create shim task: OCI runtime create failed: runc create failed:"
      + " unable to start container process: unable to apply cgroup configuration: failed to write \"950\": write"
      + " /sys/fs/cgroup/cpu/docker/f03f595f878c/cpu.rt_runtime_us: invalid argument: unknown";

  /** What the same engine says when the cgroup settings held and the program is not in the image. */
  static final String NO_PROGRAM = "failed to create shim task: OCI runtime create failed: runc create failed:"
      + " unable to start container process: exec: \"/deployer-probe-runs-nothing\": stat"
      + " /deployer-probe-runs-nothing: no such file or directory: unknown";

  @TempDir
  Path work;

  final Set<String> images = new HashSet<>(Set.of("alpine:3.17", ContainerEngine.MARKER_IMAGE));
  final List<String> calls = new ArrayList<>();
  final List<ContainerSpec> created = new ArrayList<>();
  final List<String> removed = new ArrayList<>();
  final List<ContainerInfo> leftovers = new ArrayList<>();
  RuntimeException onCreate;
  RuntimeException onStart;
  RuntimeException onRemove;

  ContainerEngine engine() {
    return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
        (proxy, method, args) -> {
          calls.add(method.getName());
          return switch (method.getName()) {
            case "imageId" -> images.contains((String) args[0]) ? Optional.of("sha256:x") : Optional.empty();
            case "containers" -> List.copyOf(leftovers);
            case "createContainer" -> {
              if (onCreate != null) {
                throw onCreate;
              }
              created.add((ContainerSpec) args[0]);
              yield "probe" + created.size();
            }
            case "startContainer" -> {
              if (onStart != null) {
                throw onStart;
              }
              yield null;
            }
            case "removeContainer" -> {
              removed.add((String) args[0]);
              if (onRemove != null) {
                throw onRemove;
              }
              yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
          };
        });
  }

  ComposeProject project(String services) throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), "name: demo\nservices:\n" + services);
    return new ComposeLoader(Map.of()).load(compose, Set.of());
  }

  List<CheckResult> check(ComposeProject project) {
    return RealTimeProbe.check(engine(), project, List.of("haproxy:2.6", ContainerEngine.MARKER_IMAGE),
        "pre-deployment");
  }

  /** docker-java's message for an engine error: the status and the engine's JSON answer. */
  static RuntimeException engineError(String message) {
    return new RuntimeException("Status 500: {\"message\":\"" + message.replace("\"", "\\\"") + "\"}\n");
  }

  static final String RT_APP = """
        app:
          image: alpine:3.17
          cpu_rt_runtime: 950
          cpu_rt_period: 1000000
      """;

  @Test
  void noServiceWithARealTimeBudgetMakesNoProbeAndNoCall() throws Exception {
    List<CheckResult> results = check(project("""
          app:
            image: alpine:3.17
          zero:
            image: alpine:3.17
            cpu_rt_runtime: 0
        """));

    assertThat(results).isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  void aCgroupRefusalAtStartFailsEachKeyWithFileLineAndTheEnginesReasonAndTheProbeIsRemoved() throws Exception {
    onStart = engineError(CGROUP_REFUSAL);
    ComposeProject project = project(RT_APP);

    List<CheckResult> results = check(project);

    String file = work.resolve("compose.yaml").toString();
    assertThat(results).extracting(CheckResult::verdict).containsOnly(CheckResult.Verdict.FAIL);
    assertThat(results).extracting(CheckResult::name)
        .containsExactly("compose key services.app.cpu_rt_runtime", "compose key services.app.cpu_rt_period");
    assertThat(results.get(0).actual()).startsWith(file + ":5: services.app.cpu_rt_runtime: not supported on the"
        + " single-host target: the engine cannot give a container cpu_rt_runtime 950 µs, cpu_rt_period 1000000 µs")
        .contains("a probe container with them was refused as it started: " + CGROUP_REFUSAL
            + "; give dockerd a real-time budget (--cpu-rt-runtime) large enough for it, or drop the key");
    assertThat(results.get(1).actual()).startsWith(file + ":6: services.app.cpu_rt_period: ");
    assertThat(removed).containsExactly("probe1");
  }

  @Test
  void theProbeHasExactlyTheSettingsNoNetworkNoProgramAndItsLabel() throws Exception {
    onStart = engineError(NO_PROGRAM);

    check(project(RT_APP));

    ContainerSpec probe = created.get(0);
    assertThat(probe.image()).isEqualTo("alpine:3.17");
    assertThat(probe.options().extended().cpuRtRuntime()).isEqualTo(950L);
    assertThat(probe.options().extended().cpuRtPeriod()).isEqualTo(1_000_000L);
    assertThat(probe.entrypoint()).containsExactly(RealTimeProbe.ENTRYPOINT);
    assertThat(probe.networks()).containsExactly(ContainerSpec.Network.NONE);
    assertThat(probe.labels()).containsEntry(RealTimeProbe.LABEL, RealTimeProbe.KIND)
        .doesNotContainKey("com.docker.compose.project");
    assertThat(probe.mounts()).isEmpty();
    assertThat(probe.ports()).isEmpty();
  }

  @Test
  void theProgramNotFoundMeansTheSettingsHeldAndPasses() throws Exception {
    onStart = engineError(NO_PROGRAM);

    List<CheckResult> results = check(project(RT_APP));

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.PASS);
      assertThat(r.actual()).contains("the engine applies cpu_rt_runtime 950 µs").contains("the cgroup settings held")
          .contains(NO_PROGRAM);
    });
    assertThat(removed).containsExactly("probe1");
  }

  @Test
  void aProbeThatStartsPassesAndIsRemoved() throws Exception {
    List<CheckResult> results = check(project(RT_APP));

    assertThat(results).singleElement().extracting(CheckResult::verdict).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(removed).containsExactly("probe1");
  }

  @Test
  void anotherStartErrorWarnsWithTheEnginesWordsAndTheProbeIsRemoved() throws Exception {
    onStart = engineError("OCI runtime create failed: something else entirely");

    List<CheckResult> results = check(project(RT_APP));

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.WARN);
      assertThat(r.actual()).contains("cannot tell").endsWith("OCI runtime create failed: something else entirely");
    });
    assertThat(removed).containsExactly("probe1");
  }

  @Test
  void theEnginesRefusalToCreateFailsTheKeysAndLeavesNothingToRemove() throws Exception {
    onCreate = new EngineException("Minimum cpu-rt-runtime allowed is larger than cpu-rt-period");

    List<CheckResult> results = check(project("""
          app:
            image: alpine:3.17
            cpu_rt_runtime: 2000000
        """));

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
      assertThat(r.name()).isEqualTo("compose key services.app.cpu_rt_runtime");
      assertThat(r.actual()).endsWith("cpu_rt_runtime 2000000 µs: the engine refused to create a container with"
          + " them: Minimum cpu-rt-runtime allowed is larger than cpu-rt-period");
    });
    assertThat(calls).doesNotContain("startContainer", "removeContainer");
  }

  @Test
  void aProbeThatCannotBeRemovedStillGivesItsResult() throws Exception {
    onStart = engineError(CGROUP_REFUSAL);
    onRemove = new EngineException("removal of container probe1 is already in progress");

    List<CheckResult> results = check(project(RT_APP));

    assertThat(results).extracting(CheckResult::verdict).containsOnly(CheckResult.Verdict.FAIL);
    assertThat(removed).containsExactly("probe1");
  }

  @Test
  void anEngineThatGoesAwayIsNotAVerdictAndTheProbeIsStillRemoved() throws Exception {
    onStart = new EngineUnavailableException("unix:///var/run/docker.sock", new java.net.ConnectException("gone"));

    assertThatThrownBy(() -> check(project(RT_APP))).isInstanceOf(EngineUnavailableException.class);
    assertThat(removed).containsExactly("probe1");
  }

  @Test
  void oneProbePerDistinctSettingNamingEveryServiceOfARefusedOne() throws Exception {
    onStart = engineError(CGROUP_REFUSAL);

    List<CheckResult> results = check(project("""
          a:
            image: alpine:3.17
            cpu_rt_runtime: 950
          b:
            image: alpine:3.17
            cpu_rt_runtime: 950
          c:
            image: alpine:3.17
            cpu_rt_runtime: 500
        """));

    assertThat(created).extracting(s -> s.options().extended().cpuRtRuntime()).containsExactly(950L, 500L);
    assertThat(removed).containsExactly("probe1", "probe2");
    assertThat(results).extracting(CheckResult::name).containsExactly("compose key services.a.cpu_rt_runtime",
        "compose key services.b.cpu_rt_runtime", "compose key services.c.cpu_rt_runtime");
  }

  @Test
  void probesACrashLeftBehindAreRemovedFirst() throws Exception {
    leftovers.add(new ContainerInfo("old", "deployer-probe-old", "alpine:3.17", "sha256:x",
        Map.of(RealTimeProbe.LABEL, RealTimeProbe.KIND), "created", null, 0, 0, false, null, List.of()));

    check(project(RT_APP));

    assertThat(removed).containsExactly("old", "probe1");
    assertThat(calls.indexOf("containers")).isLessThan(calls.indexOf("createContainer"));
  }

  @Test
  void withoutTheServicesImageTheDeployersOwnImageIsUsed() throws Exception {
    images.remove("alpine:3.17");

    check(project(RT_APP));

    assertThat(created).extracting(ContainerSpec::image).containsExactly(ContainerEngine.MARKER_IMAGE);
  }

  @Test
  void withNoImageOnTheEngineNothingIsCreatedAndItWarns() throws Exception {
    images.clear();

    List<CheckResult> results = check(project(RT_APP));

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.WARN);
      assertThat(r.actual()).contains("cannot probe").contains("alpine:3.17");
    });
    assertThat(calls).doesNotContain("createContainer");
  }

  @Test
  void theEnginesTextTellsACgroupRefusalFromAProgramThatCannotRun() {
    assertThat(RealTimeProbe.classify(CGROUP_REFUSAL)).isEqualTo(RealTimeProbe.Outcome.REFUSED);
    assertThat(RealTimeProbe.classify(NO_PROGRAM)).isEqualTo(RealTimeProbe.Outcome.APPLIED);
    // runc 1.0's wording of the same refusal
    assertThat(RealTimeProbe.classify("OCI runtime create failed: container_linux.go:380: starting container process"
        + " caused: process_linux.go:545: container init caused: process_linux.go:508: setting cgroup config for"
        + " procHooks process caused: failed to write \"950\": write /sys/fs/cgroup/cpu,cpuacct/docker/x/"
        + "cpu.rt_runtime_us: invalid argument: unknown")).isEqualTo(RealTimeProbe.Outcome.REFUSED);
    assertThat(RealTimeProbe.classify("OCI runtime create failed: exec: \"/x\": executable file not found in $PATH"))
        .isEqualTo(RealTimeProbe.Outcome.APPLIED);
    assertThat(RealTimeProbe.classify("container is marked for removal")).isEqualTo(RealTimeProbe.Outcome.UNKNOWN);
  }

  @Test
  void theEnginesReasonIsTakenOutOfDockerJavasMessage() {
    assertThat(RealTimeProbe.engineReason(engineError(CGROUP_REFUSAL))).isEqualTo(CGROUP_REFUSAL);
    assertThat(RealTimeProbe.engineReason(new EngineException("plain words"))).isEqualTo("plain words");
  }
}
