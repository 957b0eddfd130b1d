package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import dev.deployer.rollback.RollbackRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --json} of every command that shows state: one document, parsed, with its schema; no Docker. */
class JsonOutputTest {

  static final String RELEASE = "20261124-060000-abcd";

  @TempDir
  Path state;

  @BeforeEach
  void aStateDirectoryWithOneOfEverything() throws Exception {
    Path staging = state.resolve("staging");
    ReleaseLedger ledger = new ReleaseLedger(staging);
    ledger.add(new Release(RELEASE, "staging", "scheduler-staging", Instant.parse("2026-11-24T06:00:00Z"), "ci",
        "host", "abc123", "deploy-and-verify", ReleaseStatus.VERIFIED, Map.of(), "c", "d", null, true, List.of(),
        List.of()));
    ledger.setCurrent(RELEASE);
    new RollbackRequests(staging).create("rb-20261124-070000-abcd", "staging", "monitor", "api down",
        RELEASE, "20261123-100000-aaaa", new Actor("monitor", "ops-1"));
    Path backup = Files.createDirectories(staging.resolve("backups").resolve(RELEASE));
    ReportStore.json().writeValue(backup.resolve("manifest.json").toFile(), new BackupManifest(RELEASE, "staging",
        "scheduler-staging", Instant.parse("2026-11-24T05:59:00Z"), "20261123-100000-aaaa",
        List.of(new BackupManifest.FileEntry("db.sql", 10, "ff")),
        new BackupManifest.Database("db", "c1", "db.sql", Map.of("events", 3L), "5", null), Map.of()));
    Path deployment = Files.createDirectories(staging.resolve("reports/deployment"));
    Files.writeString(deployment.resolve(RELEASE + "-deploy-and-verify.json"), "{}\n");
  }

  /** The document {@code args} print with --json, after checking it is the only thing on standard output. */
  JsonNode json(String... args) throws Exception {
    String[] all = Stream.concat(Stream.of(args), Stream.of("--env", "staging", "--config",
        StatusCommandTest.CONFIG.toString(), "--state-dir", state.toString(), "--json")).toArray(String[]::new);
    Cli run = Cli.execute(JsonOutputTest::noEngine, all);
    assertThat(run.exit()).as(run.err()).isZero();
    return ReportStore.json().readTree(run.out());
  }

  static void noEngine(CommandLine root) {
    ((StatusCommand) Cli.command(root, "status")).engines = FakeEngines.empty();
    ((ReleasesCommand) Cli.command(root, "releases")).engines = FakeEngines.empty();
    ((LockCommand.Status) Cli.command(root, "lock", "status")).stack.engines = FakeEngines.empty();
  }

  /** Every command with --json, and its schema: the README's "JSON output" table lists the same. */
  static final Map<String, String[]> COMMANDS = Map.of(
      JsonOption.STATUS, new String[] {"status"},
      JsonOption.LOCK, new String[] {"lock", "status"},
      JsonOption.BACKUPS, new String[] {"backup", "list"},
      JsonOption.REPORTS, new String[] {"report", "list"},
      JsonOption.RELEASES, new String[] {"releases"});

  static List<String> fields(JsonNode document) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = document.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void everyDocumentNamesItsSchemaFirst() throws Exception {
    for (Map.Entry<String, String[]> command : COMMANDS.entrySet()) {
      JsonNode document = json(command.getValue());
      assertThat(fields(document)).as(command.getKey()).startsWith("schema");
      assertThat(document.get("schema").asText()).isEqualTo(command.getKey());
    }
  }

  @Test
  void statusShowsTheReleaseTheLockThePendingRollbackAndTheContainers() throws Exception {
    JsonNode status = json("status");

    assertThat(status.get("environment").asText()).isEqualTo("staging");
    assertThat(status.get("target").asText()).isEqualTo("compose");
    assertThat(status.at("/release/id").asText()).isEqualTo(RELEASE);
    assertThat(status.at("/release/status").asText()).isEqualTo("verified");
    assertThat(status.at("/lock/held").asBoolean()).isFalse();
    assertThat(status.at("/pendingRollbacks/0/id").asText()).isEqualTo("rb-20261124-070000-abcd");
    assertThat(status.at("/pendingRollbacks/0/approve").asText())
        .isEqualTo("deployer rollback --env staging --approve rb-20261124-070000-abcd");
    assertThat(status.get("containers").isArray()).isTrue();
    assertThat(status.get("containers")).isEmpty();
  }

  @Test
  void lockStatusSaysFree() throws Exception {
    JsonNode lock = json("lock", "status");
    assertThat(lock.get("environment").asText()).isEqualTo("staging");
    assertThat(lock.at("/lock/held").asBoolean()).isFalse();
  }

  @Test
  void backupListGivesEachBackupItsDatabaseDump() throws Exception {
    JsonNode backups = json("backup", "list");
    assertThat(backups.at("/backups/0/release").asText()).isEqualTo(RELEASE);
    assertThat(backups.at("/backups/0/runningRelease").asText()).isEqualTo("20261123-100000-aaaa");
    assertThat(backups.at("/backups/0/files").asInt()).isEqualTo(1);
    assertThat(backups.at("/backups/0/database/rowCounts/events").asLong()).isEqualTo(3);
  }

  @Test
  void reportListGivesTypeIdAndPath() throws Exception {
    JsonNode reports = json("report", "list");
    assertThat(reports.at("/reports/0/type").asText()).isEqualTo("deployment");
    assertThat(reports.at("/reports/0/id").asText()).isEqualTo(RELEASE + "-deploy-and-verify");
    assertThat(reports.at("/reports/0/path").asText()).endsWith(".json");
    assertThat(Instant.parse(reports.at("/reports/0/modified").asText())).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void releasesNamesTheCurrentOne() throws Exception {
    JsonNode releases = json("releases");
    assertThat(releases.get("current").asText()).isEqualTo(RELEASE);
    assertThat(releases.at("/releases/0/id").asText()).isEqualTo(RELEASE);
    assertThat(releases.at("/releases/0/status").asText()).isEqualTo("verified");
    assertThat(releases.get("traffic").isArray()).isTrue();
  }

  @Test
  void textOutputIsATableWithoutEscapeCodes() {
    Cli run = Cli.execute(JsonOutputTest::noEngine, "backup", "list", "--env", "staging", "--config",
        StatusCommandTest.CONFIG.toString(), "--state-dir", state.toString());
    assertThat(run.out()).containsPattern("BEFORE RELEASE +TAKEN +RUNNING THEN +FILES +DATABASE")
        .contains(RELEASE, "3 rows in 1 tables, schema 5").doesNotContain("\u001B[");
  }
}
