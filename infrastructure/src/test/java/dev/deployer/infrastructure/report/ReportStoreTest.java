package dev.deployer.infrastructure.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStoreTest {

  @TempDir
  Path state;

  @Test
  void listsTheReportWrittenLastFirstEvenWhenItsNameSortsEarlier() throws Exception {
    ReportStore store = new ReportStore(state);
    Path down = store.write("deployment", "20261123-101010-ffff-down", Map.of("command", "down"));
    Path deploy = store.write("deployment", "20261123-101010-1000-deploy", Map.of("command", "deploy"));
    Files.setLastModifiedTime(down, FileTime.from(Instant.parse("2026-11-23T10:10:10Z")));
    Files.setLastModifiedTime(deploy, FileTime.from(Instant.parse("2026-11-23T10:10:11Z")));

    assertThat(store.list("deployment")).containsExactly(deploy, down);
  }

  @Test
  void anUnknownTypeHasNoReports() {
    assertThat(new ReportStore(state).list("rollback")).isEmpty();
  }
}
