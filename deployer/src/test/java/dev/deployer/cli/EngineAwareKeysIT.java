package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.infrastructure.engine.ContainerEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `deployer compose up` on the real engine with keys whose refusal depends on the engine: each one
 * this engine cannot honour fails the pre-deployment checks with file, line, key and what the
 * engine lacks, and nothing is created. Project h1-refuse (no port, no network is ever made).
 */
class EngineAwareKeysIT {

  @TempDir
  static Path dir;

  static RefusedComposeUp compose;

  @BeforeAll
  static void connect() {
    compose = new RefusedComposeUp(dir, "h1-refuse");
  }

  @AfterAll
  static void close() {
    if (compose != null) {
      compose.close();
    }
  }

  @Test
  void keysThisEngineCannotHonourStopComposeUpBeforeAnythingChanges() throws Exception {
    String own = compose.engine.imageConfig("alpine:3.17").orElseThrow().platform();
    String other = own.endsWith("/arm64") ? "linux/amd64" : "linux/arm64";
    ContainerEngine.EngineInfo info = compose.engine.info();
    String file = compose.file();

    Run run = compose.up("""
        name: h1-refuse
        services:
          app:
            image: alpine:3.17
            command: ["sleep", "30"]
            platform: %s
            storage_opt: {size: 1G}
            gpus: all
            annotations: {com.example.team: api}
        """.formatted(other));

    String output = run.output();
    assertThat(run.exitCode()).as(output).isEqualTo(ExitCodes.PRE_CHECK_FAILED);
    assertThat(output).contains(file + ":6: services.app.platform: the image alpine:3.17 on the engine is for "
        + own + ", not " + other);
    if (!info.runtimes().contains("nvidia")) {
      assertThat(output).contains(file + ":8: services.app.gpus: not supported on the single-host target: device"
          + " requests need a GPU runtime (nvidia) on the engine; this engine has only");
    }
    boolean sized = "overlay2".equals(info.storageDriver())
        ? "xfs".equals(info.driverStatus().get("Backing Filesystem"))
        : java.util.Set.of("devicemapper", "btrfs", "zfs").contains(info.storageDriver());
    if (!sized) {
      assertThat(output).contains(file + ":7: services.app.storage_opt: not supported on the single-host target:");
    }
    if (dev.deployer.infrastructure.engine.EngineLimits.speaks(info, "1.43")) {
      assertThat(output).doesNotContain("services.app.annotations");
    } else {
      assertThat(output).contains(file + ":9: services.app.annotations: not supported on the single-host target:"
          + " container annotations need Engine API 1.43 (Docker Engine 24) or later; this engine is Docker "
          + info.version() + " with API " + info.apiVersion());
    }
    compose.assertNothingCreated();
  }
}
