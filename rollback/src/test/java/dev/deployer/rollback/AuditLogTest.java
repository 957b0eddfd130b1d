package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  @TempDir
  Path state;

  @Test
  void appendsOneLinePerRecordAndReadsThemBack() throws Exception {
    AuditLog log = new AuditLog(state);
    Actor alice = new Actor("alice", "host-a");
    log.append(AuditRecord.of("production", "rollback-request", alice, "5 health failures", "r2", "r1", "pending",
        Map.of("request", "rb-1")));
    log.append(AuditRecord.of("production", "approve", alice, "approved", "r2", "r1", "done", Map.of()));

    assertThat(Files.readAllLines(log.file())).hasSize(2);
    assertThat(log.read()).extracting(AuditRecord::action).containsExactly("rollback-request", "approve");
    assertThat(log.read().get(1).user()).isEqualTo("alice");
    assertThat(log.read().get(0).details()).containsEntry("request", "rb-1");
  }

  @Test
  void aTornLastLineIsSkippedAndLaterAppendsStillRead() throws Exception {
    AuditLog log = new AuditLog(state);
    Actor bob = new Actor("bob", "h");
    log.append(AuditRecord.of("local", "deploy", bob, null, null, "r1", "verified", Map.of()));
    Files.writeString(log.file(), "{\"time\":\"2026-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.writeString(log.file(), "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    log.append(AuditRecord.of("local", "deploy", bob, null, "r1", "r2", "failed", Map.of()));

    assertThat(log.read()).extracting(AuditRecord::to).containsExactly("r1", "r2");
  }
}
