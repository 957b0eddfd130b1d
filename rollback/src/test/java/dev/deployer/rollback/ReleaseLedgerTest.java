package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseLedgerTest {

  @TempDir
  Path state;

  static Release release(String id, ReleaseStatus status) {
    return new Release(id, "local", "scheduler", Instant.parse("2026-11-23T10:00:00Z"), "ci", "host", "abc123",
        "deploy-and-verify", status,
        Map.of("api", new Release.ServiceImage("scheduler-app:" + id, "sha256:" + id, "hash-" + id)),
        "c", "d", null, true, List.of(), List.of(new Release.StatusChange(status, Instant.now(), null)));
  }

  @Test
  void recordsReleasesInOrderAndFindsTheLastVerifiedBeforeOne() {
    ReleaseLedger ledger = new ReleaseLedger(state);
    ledger.add(release("20261123-100000-aaaa", ReleaseStatus.VERIFIED));
    ledger.add(release("20261123-120000-cccc", ReleaseStatus.DEPLOYING));
    ledger.add(release("20261123-110000-bbbb", ReleaseStatus.FAILED));

    assertThat(ledger.releases()).extracting(Release::id)
        .containsExactly("20261123-100000-aaaa", "20261123-110000-bbbb", "20261123-120000-cccc");
    assertThat(ledger.lastVerifiedBefore("20261123-120000-cccc")).map(Release::id).contains("20261123-100000-aaaa");
    assertThat(ledger.lastVerifiedBefore("20261123-100000-aaaa")).isEmpty();
  }

  @Test
  void updatesStatusKeepsHistoryAndTracksTheCurrentRelease() {
    ReleaseLedger ledger = new ReleaseLedger(state);
    ledger.add(release("r1", ReleaseStatus.DEPLOYING));

    ledger.update("r1", r -> r.withStatus(ReleaseStatus.VERIFIED, Instant.now(), "all checks passed"));
    ledger.setCurrent("r1");

    Release stored = new ReleaseLedger(state).find("r1").orElseThrow();
    assertThat(stored.status()).isEqualTo(ReleaseStatus.VERIFIED);
    assertThat(stored.history()).extracting(Release.StatusChange::status)
        .containsExactly(ReleaseStatus.DEPLOYING, ReleaseStatus.VERIFIED);
    assertThat(ledger.current()).map(Release::id).contains("r1");
    assertThatThrownBy(() -> ledger.setCurrent("nope")).hasMessageContaining("no release nope");
  }

  @Test
  void recordsEachReportOfAReleaseOnceAndIgnoresUnknownReleases() {
    ReleaseLedger ledger = new ReleaseLedger(state);
    ledger.add(release("r1", ReleaseStatus.DEPLOYING));

    ledger.recordReport("r1", "/state/reports/deployment/r1-deploy.json");
    ledger.recordReport("r1", "/state/reports/validation/r1-local.json");
    ledger.recordReport("r1", "/state/reports/deployment/r1-deploy.json");
    ledger.recordReport("r2", "/state/reports/deployment/r2-deploy.json");

    assertThat(new ReleaseLedger(state).find("r1").orElseThrow().reports())
        .containsExactly("/state/reports/deployment/r1-deploy.json", "/state/reports/validation/r1-local.json");
    assertThat(ledger.find("r2")).isEmpty();
  }

  @Test
  void statusesAreWrittenAsWords() throws Exception {
    ReleaseLedger ledger = new ReleaseLedger(state);
    ledger.add(release("r1", ReleaseStatus.ROLLED_BACK));

    assertThat(Files.readString(state.resolve("releases/ledger.json"))).contains("\"rolled-back\"");
  }

  @Test
  void concurrentUpdatesAreNotLost() throws Exception {
    ReleaseLedger ledger = new ReleaseLedger(state);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 20; i++) {
      String id = String.format("r%02d", i);
      pool.submit(() -> new ReleaseLedger(state).add(release(id, ReleaseStatus.VERIFIED)));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(ledger.releases()).hasSize(20);
    try (var files = Files.list(state.resolve("releases"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
    }
  }
}
