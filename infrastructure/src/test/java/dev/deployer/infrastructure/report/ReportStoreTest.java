package dev.deployer.infrastructure.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
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
  void pruneDeletesEveryFileOfAnExpiredReportAndKeepsRecentOnesAndOtherTypes() throws Exception {
    ReportStore store = new ReportStore(state);
    Instant now = Instant.parse("2026-11-24T00:00:00Z");
    Path old = store.write("health", "20261101-000000-local", Map.of("result", "ok"));
    Path oldPage = Files.writeString(old.resolveSibling("20261101-000000-local.html"), "<html></html>");
    Path longerName = store.write("health", "20261101-000000-local-2", Map.of("result", "ok"));
    Path recent = store.write("health", "20261123-000000-local", Map.of("result", "ok"));
    Path recentPage = Files.writeString(recent.resolveSibling("20261123-000000-local.html"), "<html></html>");
    Path rollback = store.write("rollback", "20261101-000000-to-x", Map.of("result", "ok"));
    for (Path file : new Path[] {old, oldPage, rollback}) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
    }
    Files.setLastModifiedTime(longerName, FileTime.from(Instant.parse("2026-11-23T00:00:00Z")));

    var deleted = store.prune(Map.of("health", Duration.ofDays(7), "rollback", Duration.ofDays(90)), now);

    assertThat(deleted).containsExactlyInAnyOrder(old, oldPage);
    assertThat(old).doesNotExist();
    assertThat(oldPage).doesNotExist();
    assertThat(longerName).exists();
    assertThat(recent).exists();
    assertThat(recentPage).exists();
    assertThat(rollback).exists();
  }

  @Test
  void pruneLeavesTypesWithoutARetentionPeriodAlone() throws Exception {
    ReportStore store = new ReportStore(state);
    Path report = store.write("custom", "a", Map.of());
    Files.setLastModifiedTime(report, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    assertThat(store.prune(Map.of("health", Duration.ofDays(7)), Instant.parse("2026-11-24T00:00:00Z"))).isEmpty();
    assertThat(report).exists();
  }

  @Test
  void junitXmlReportsAreListedAndPrunedByTheirOwnRetention() throws Exception {
    ReportStore store = new ReportStore(state);
    Path old = Files.createDirectories(state.resolve("reports/junit")).resolve("20261101-000000-verify.xml");
    Files.writeString(old, "<testsuites/>");
    Path recent = store.file("junit", "20261123-000000-verify.xml");
    Files.writeString(recent, "<testsuites/>");
    Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
    Files.setLastModifiedTime(recent, FileTime.from(Instant.parse("2026-11-23T00:00:00Z")));

    assertThat(store.list("junit")).containsExactly(recent, old);
    var deleted = store.prune(Map.of("junit", Duration.ofDays(30)), Instant.parse("2026-12-05T00:00:00Z"));

    assertThat(deleted).containsExactly(old);
    assertThat(recent).exists();
  }

  @Test
  void anUnknownTypeHasNoReports() {
    assertThat(new ReportStore(state).list("rollback")).isEmpty();
  }
}
