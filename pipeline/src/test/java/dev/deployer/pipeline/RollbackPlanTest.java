package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import dev.deployer.rollback.RollbackReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RollbackPlanTest {

  /** A ledger in {@code state} holding {@code releases}, oldest first. */
  static ReleaseLedger ledger(Path state, Release... releases) {
    ReleaseLedger ledger = new ReleaseLedger(state);
    for (Release release : releases) {
      ledger.add(release);
    }
    return ledger;
  }

  static Release release(String id, ReleaseStatus status, String imageId, String hash) {
    return new Release(id, "staging", "scheduler-staging", Instant.parse("2026-11-23T10:00:00Z"), "ci", "host", null,
        "deploy", status, Map.of("api", new Release.ServiceImage("scheduler-app:" + id, imageId, hash),
            "db", new Release.ServiceImage("postgres:15", "sha256:pg", "db-hash")),
        "c", "d", "2", true, List.of(), List.of());
  }

  @Test
  void describesTheChangePerServiceAndTheRowsARestoreLoses() {
    Release from = release("r2", ReleaseStatus.FAILED, "sha256:new", "h2");
    Release to = release("r1", ReleaseStatus.VERIFIED, "sha256:old", "h1");
    BackupManifest backup = new BackupManifest("r2", "staging", "scheduler-staging", Instant.now(), "r1", List.of(),
        new BackupManifest.Database("db", "c", "database.sql", Map.of("public.member", 10L, "public.event", 4L), "2",
            null), Map.of());

    RollbackPlan plan = new RollbackPlan("staging", from, to, RollbackPlanner.changes(from, to), true, backup,
        Map.of("public.member", 13L, "public.event", 4L, "public.new_table", 2L), false);

    assertThat(plan.rowsLost()).containsExactly(Map.entry("public.member", 3L), Map.entry("public.new_table", 2L));
    assertThat(String.join("\n", plan.describe()))
        .contains("r2 (failed) -> r1")
        .contains("api      scheduler-app:r2 -> scheduler-app:r1, configuration changes")
        .contains("db       image unchanged")
        .contains("rows lost: 5 written since the backup will be lost")
        .contains("public.member: 3 rows (13 now, 10 in the backup)");
  }

  @Test
  void saysWhichChangedServiceRestartsItsKeptContainerAndWhichGetsANewOne() {
    Release from = release("r2", ReleaseStatus.FAILED, "sha256:new", "h2");
    Release to = release("r1", ReleaseStatus.VERIFIED, "sha256:old", "h1");
    Map<String, RollbackReport.ServiceChange> changes = new TreeMap<>(RollbackPlanner.changes(from, to));
    changes.computeIfPresent("api", (service, change) -> change.withKeptContainer());

    List<String> lines = new RollbackPlan("staging", from, to, changes, false, null, Map.of(), false).describe();
    List<String> unmarked = new RollbackPlan("staging", from, to, RollbackPlanner.changes(from, to), false, null,
        Map.of(), false).describe();

    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  api ").endsWith("; back to its kept container"));
    assertThat(lines).anySatisfy(line -> assertThat(line).isEqualTo("  db       image unchanged"));
    assertThat(unmarked).anySatisfy(line -> assertThat(line).startsWith("  api ").endsWith("; a new container"));
  }

  @Test
  void byDefaultDataIsKept() {
    Release from = release("r2", ReleaseStatus.VERIFIED, "sha256:new", "h2");
    Release to = release("r1", ReleaseStatus.VERIFIED, "sha256:old", "h1");

    RollbackPlan plan = new RollbackPlan("staging", from, to, RollbackPlanner.changes(from, to), false, null, Map.of(),
        false);

    assertThat(plan.rowsLost()).isEmpty();
    assertThat(plan.describe()).anySatisfy(line -> assertThat(line).contains("data: kept"));
  }
}
