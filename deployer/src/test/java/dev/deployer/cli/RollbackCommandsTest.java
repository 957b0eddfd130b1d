package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.BackupStore;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The release-management commands without an engine: help, lock, releases, audit, backups. */
class RollbackCommandsTest {

  @TempDir
  Path state;

  record Result(int exitCode, String output) {}

  Result run(String... args) {
    StringWriter text = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(text, true));
    commandLine.setErr(new PrintWriter(text, true));
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--env=staging", "--state-dir=" + state)).toArray(String[]::new);
    return new Result(commandLine.execute(all), text.toString());
  }

  Path environment() {
    return state.resolve("staging");
  }

  @Test
  void everyCommandExplainsItself() {
    for (String[] command : List.of(new String[] {"rollback"}, new String[] {"releases"}, new String[] {"audit"},
        new String[] {"lock", "status"}, new String[] {"lock", "acquire"}, new String[] {"lock", "release"},
        new String[] {"backup", "list"}, new String[] {"backup", "verify"})) {
      StringWriter text = new StringWriter();
      CommandLine commandLine = DeployerCli.commandLine();
      commandLine.setOut(new PrintWriter(text, true));
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      assertThat(commandLine.execute(args)).as(String.join(" ", command)).isZero();
      assertThat(text.toString()).contains("--env");
    }
    StringWriter help = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(help, true));
    commandLine.execute("rollback", "--help");
    assertThat(help.toString()).contains("--to", "--restore-data", "--yes", "--reason", "--approve", "--dry-run",
        "--allow-newer-schema");
  }

  @Test
  void aSecondLockIsRefusedWithExit6AndTheHolderNamed() {
    assertThat(run("lock", "acquire", "--message", "db maintenance").exitCode()).isZero();

    Result second = run("lock", "acquire");
    assertThat(second.exitCode()).isEqualTo(ExitCodes.LOCK_HELD);
    assertThat(second.output()).contains("held by").contains("db maintenance");
    assertThat(run("lock", "status").output()).contains("held by").doesNotContain("STALE");
    assertThat(run("lock", "release").exitCode()).isZero();
    assertThat(run("lock", "status").output()).contains("unlocked");
  }

  @Test
  void releasesListsTheLedgerNewestFirstAndMarksTheCurrentOne() {
    ReleaseLedger ledger = new ReleaseLedger(environment());
    ledger.add(release("20261123-100000-aaaa", ReleaseStatus.VERIFIED));
    ledger.add(release("20261123-110000-bbbb", ReleaseStatus.ROLLED_BACK));
    ledger.setCurrent("20261123-100000-aaaa");

    Result result = run("releases");

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).containsSubsequence("20261123-110000-bbbb", "rolled-back", "* 20261123-100000-aaaa",
        "verified");
  }

  @Test
  void rollbackWithNothingToGoBackToIsAUsageError() {
    Result result = run("rollback", "--yes");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.output()).contains("nothing to roll back to");
  }

  @Test
  void auditPrintsWhoDidWhatFromWhereToWhere() {
    new AuditLog(environment()).append(AuditRecord.of("staging", "rollback", new Actor("alice", "ops-1"),
        "5 health failures", "r2", "r1", "done", Map.of()));

    Result result = run("audit");

    assertThat(result.output()).contains("alice@ops-1").contains("rollback").contains("r2").contains("r1")
        .contains("done").contains("5 health failures");
  }

  @Test
  void backupVerifyFailsWhenADumpChanged() throws Exception {
    BackupStore store = new BackupStore(environment());
    Path directory = Files.createDirectories(store.directory("r1"));
    Files.writeString(directory.resolve("database.sql"), "COPY public.member (id) FROM stdin;\n1\n\\.\n");
    String json = dev.deployer.infrastructure.report.ReportStore.json().writeValueAsString(new BackupManifest("r1",
        "staging", "scheduler-staging", Instant.now(), null,
        List.of(new BackupManifest.FileEntry("database.sql", Files.size(directory.resolve("database.sql")),
            dev.deployer.rollback.Checksums.sha256(directory.resolve("database.sql")))),
        new BackupManifest.Database("db", "c", "database.sql", Map.of("public.member", 1L), "1", null), Map.of()));
    Files.writeString(directory.resolve(BackupStore.MANIFEST), json);

    assertThat(run("backup", "verify").exitCode()).isZero();
    assertThat(run("backup", "list").output()).contains("r1").contains("1 rows in 1 tables");
    Files.writeString(directory.resolve("database.sql"), "COPY public.member (id) FROM stdin;\n2\n\\.\n");

    Result result = run("backup", "verify", "r1");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(result.output()).contains("r1: FAILED").contains("database.sql: SHA-256");
  }

  static Release release(String id, ReleaseStatus status) {
    return new Release(id, "staging", "scheduler-staging", Instant.parse("2026-11-23T10:00:00Z"), "ci", "host", null,
        "deploy-and-verify", status, Map.of(), "c", "d", "2", true, List.of(), List.of());
  }
}
