package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `deployer compose up` on the real engine with a real-time CPU budget the engine cannot give: on
 * this machine's engine (Docker 20.10, cgroup v1, dockerd without --cpu-rt-runtime) the API reports
 * nothing and runc would refuse the container only as it starts, after the stack's other services had
 * changed. The pre-deployment checks find it out with a probe container: exit 3, file, line, key and
 * the engine's reason, no container or network of the project, and no probe left. On a cgroup v2
 * engine the same file is refused by the rule that names the cgroup version. Project h8-rt.
 */
class RealTimeKeysIT {

  static final Map<String, String> PROBE = Map.of("dev.deployer.probe", "cpu-rt");

  @TempDir
  static Path dir;

  static RefusedComposeUp compose;

  @BeforeAll
  static void connect() {
    compose = new RefusedComposeUp(dir, "h8-rt");
  }

  @AfterAll
  static void close() {
    if (compose != null) {
      compose.engine.containers(PROBE).forEach(c -> compose.engine.removeContainer(c.id()));
      compose.close();
    }
  }

  @Test
  void aRealTimeBudgetTheEngineCannotGiveStopsComposeUpBeforeAnythingChanges() throws Exception {
    String file = compose.file();
    String cgroup = compose.engine.info().cgroupVersion();

    Run run = compose.up("""
        name: h8-rt
        services:
          web:
            image: alpine:3.17
            command: ["sleep", "30"]
          app:
            image: alpine:3.17
            command: ["sleep", "30"]
            depends_on: [web]
            cpu_rt_runtime: 950
        """);

    String output = run.output();
    assertThat(run.exitCode()).as(output).isEqualTo(ExitCodes.PRE_CHECK_FAILED);
    String key = file + ":10: services.app.cpu_rt_runtime: not supported on the single-host target: ";
    if ("1".equals(cgroup)) {
      assertThat(output).contains(key + "the engine cannot give a container cpu_rt_runtime 950 µs: a probe"
          + " container with them was refused as it started: ").contains("unable to apply cgroup configuration");
    } else {
      assertThat(output).contains(key + "real-time CPU time needs an engine on cgroup v1");
    }
    compose.assertNothingCreated();
    assertThat(compose.engine.containers(PROBE)).isEmpty();
  }
}
