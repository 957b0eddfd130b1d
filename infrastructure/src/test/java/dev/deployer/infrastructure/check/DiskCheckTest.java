package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.engine.ContainerEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCheckTest {

  private static final long GIB = 1L << 30;

  @Test
  void passesBelowThreshold() {
    DiskCheck check = new DiskCheck("disk", "infrastructure", () -> new DiskCheck.Usage("/data", 50 * GIB, 100 * GIB), 90);

    CheckResult result = check.run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.actual()).isEqualTo("50.0% of 100 GiB used at /data");
  }

  @Test
  void failsAboveThreshold() {
    DiskCheck check = new DiskCheck("disk", "infrastructure", () -> new DiskCheck.Usage("/data", 95 * GIB, 100 * GIB), 90);

    assertThat(check.run().failed()).isTrue();
  }

  @Test
  void aMeasurementErrorIsAFailedCheck() {
    DiskCheck check = new DiskCheck("disk", "infrastructure", () -> {
      throw new IOException("gone");
    }, 90);

    assertThat(check.run().actual()).isEqualTo("cannot measure: gone");
  }

  @Test
  void measuresTheFileSystemOfALocalPathEvenBeforeItExists(@TempDir Path directory) throws IOException {
    DiskCheck.Usage usage = DiskCheck.local(directory.resolve("not/yet")).measure();

    assertThat(usage.totalBytes()).isPositive();
    assertThat(usage.usedBytes()).isBetween(0L, usage.totalBytes());
    assertThat(new DiskCheck("disk", "infrastructure", DiskCheck.local(directory), 100).run().failed()).isFalse();
  }

  @Test
  void readsDfOutputFromInsideAContainer() throws IOException {
    StubEngine stub = new StubEngine();
    stub.execResult = new ContainerEngine.ExecResult(0,
        "Filesystem     1024-blocks     Used Available Capacity Mounted on\n"
            + "overlay          102400000 81920000  20480000      80% /\n", "");

    DiskCheck.Usage usage = DiskCheck.inContainer(stub.engine(), "abc", "/").measure();

    assertThat(stub.lastExec).isEqualTo(List.of("df", "-Pk", "/"));
    assertThat(usage.percent()).isEqualTo(80.0);
    assertThat(usage.where()).isEqualTo("abc:/");
  }

  @Test
  void rejectsUnexpectedDfOutput() {
    assertThatThrownBy(() -> DiskCheck.parseDf("nothing", "x")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> DiskCheck.parseDf("h\nfs a b c", "x")).isInstanceOf(IOException.class);
  }

  @Test
  void engineDataRootIsMeasuredOnThisHost() {
    StubEngine stub = new StubEngine();

    CheckResult result = DiskCheck.engineDataRoot(stub.engine(), "infrastructure", 100).run();

    assertThat(result.verdict()).as(result.actual()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.name()).isEqualTo("disk engine data root");
  }
}
