package dev.deployer.infrastructure.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineLockRecordsTest {

  @Test
  void aLockSurvivesItsTripThroughLabels() {
    LockInfo info = new LockInfo("staging", "ci", "runner-1", 4242, Instant.parse("2026-11-23T10:00:00Z"),
        Duration.ofMinutes(30), "deploy", "release 42", "token-1", null);

    Map<String, String> labels = EngineLockRecords.labels("scheduler-staging", info);

    assertThat(labels).containsEntry("dev.deployer.lock", "scheduler-staging").containsKey("dev.deployer.lock.pid");
    assertThat(EngineLockRecords.info(labels)).isEqualTo(info);
  }

  @Test
  void aContainerWithoutALocksLabelsIsNoLock() {
    assertThat(EngineLockRecords.info(Map.of("com.docker.compose.project", "x"))).isNull();
    assertThat(EngineLockRecords.info(Map.of("dev.deployer.lock", "p", "dev.deployer.lock.token", "t",
        "dev.deployer.lock.started", "yesterday"))).isNull();
  }
}
