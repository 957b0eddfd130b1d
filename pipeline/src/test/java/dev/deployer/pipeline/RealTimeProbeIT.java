package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-time CPU probe on the real engine, which must be on cgroup v1 with a dockerd that has no
 * real-time budget (--cpu-rt-runtime unset), as this machine's Docker 20.10 is: a runtime is refused
 * by runc's cgroup setup (the engine's words quoted), a period alone is applied (runc then fails
 * only to find the probe's program), and no probe is left either way. Project h8-rtprobe.
 */
class RealTimeProbeIT {

  @TempDir
  Path dir;

  ContainerEngine engine;

  @BeforeEach
  void connect() {
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    assertThat(engine.info().cgroupVersion()).as("this IT needs a cgroup v1 engine").isEqualTo("1");
  }

  @AfterEach
  void close() {
    engine.containers(Map.of(RealTimeProbe.LABEL, RealTimeProbe.KIND)).forEach(c -> engine.removeContainer(c.id()));
    engine.close();
  }

  ComposeProject project(String services) throws Exception {
    Path compose = Files.writeString(dir.resolve("compose.yaml"), "name: h8-rtprobe\nservices:\n" + services);
    return new ComposeLoader(Map.of()).load(compose, Set.of());
  }

  @Test
  void aRuntimeTheEngineHasNoBudgetForIsRefusedWithRuncsReasonAndNoProbeIsLeft() throws Exception {
    List<CheckResult> results = RealTimeProbe.check(engine, project("""
          app:
            image: alpine:3.17
            cpu_rt_runtime: 950
        """), List.of(ContainerEngine.MARKER_IMAGE), "pre-deployment");

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
      assertThat(r.actual()).startsWith(dir.resolve("compose.yaml") + ":5: services.app.cpu_rt_runtime: not"
          + " supported on the single-host target: the engine cannot give a container cpu_rt_runtime 950 µs")
          .contains("unable to apply cgroup configuration").contains("cpu.rt_runtime_us");
    });
    assertThat(engine.containers(Map.of(RealTimeProbe.LABEL, RealTimeProbe.KIND))).isEmpty();
  }

  @Test
  void aPeriodAloneIsAppliedThoughTheProbesProgramCannotRunAndNoProbeIsLeft() throws Exception {
    List<CheckResult> results = RealTimeProbe.check(engine, project("""
          app:
            image: h8-image-not-on-the-engine:0
            cpu_rt_period: 1000000
        """), List.of(ContainerEngine.MARKER_IMAGE), "pre-deployment");

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.verdict()).as(r.actual()).isEqualTo(CheckResult.Verdict.PASS);
      assertThat(r.actual()).contains("the engine applies cpu_rt_period 1000000 µs")
          .contains("exec: \"" + RealTimeProbe.ENTRYPOINT + "\"");
    });
    assertThat(engine.containers(Map.of(RealTimeProbe.LABEL, RealTimeProbe.KIND))).isEmpty();
  }
}
