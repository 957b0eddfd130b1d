package dev.deployer.infrastructure.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deploy lock as a container on the real engine (project stateit-lock). */
class EngineLockIT {

  static final String PROJECT = "stateit-lock";

  final ContainerEngine engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");

  @AfterEach
  void removeTheLock() {
    engine.container(DeployLock.containerName(PROJECT)).ifPresent(c -> engine.removeMarker(c.id()));
    engine.close();
  }

  DeployLock lock(String host, boolean processAlive) {
    return new DeployLock(new EngineLockRecords(engine, PROJECT), "it", Clock.systemUTC(), host, pid -> processAlive);
  }

  @Test
  void theLockIsAContainerThatEveryClientSeesRenewedAndReleased() throws Exception {
    DeployLock.Acquired acquired = lock("host-a", true).acquire("alice", "deploy", "release 1", Duration.ofMinutes(30));

    try (ContainerEngine other = DockerEngines.connect("unix:///var/run/docker.sock", false, "")) {
      LockState seen = new DeployLock(other, PROJECT, "it").status().orElseThrow();
      assertThat(seen.info()).isEqualTo(acquired.info());
      assertThat(other.container(DeployLock.containerName(PROJECT)).orElseThrow().state()).isEqualTo("created");
    }
    assertThatThrownBy(() -> lock("host-b", true).acquire("bob", "deploy", "", Duration.ofMinutes(30)))
        .isInstanceOf(LockHeldException.class).hasMessageContaining("alice@host-a");

    assertThat(lock("host-a", true).renew(acquired.info().token())).isTrue();
    assertThat(lock("host-a", true).status().orElseThrow().info().renewed()).isNotNull();
    assertThat(lock("host-a", true).release("not mine")).isFalse();
    assertThat(lock("host-a", true).release(acquired.info().token())).isTrue();
    assertThat(lock("host-a", true).status()).isEmpty();
  }

  @Test
  void ofManyDeployersTakingOverAStaleLockAtOnceExactlyOneGetsIt() throws Exception {
    lock("host-a", true).acquire("dead", "deploy", "", Duration.ofMillis(1));
    Thread.sleep(20);

    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String owner = "owner-" + i;
      results.add(pool.submit(() -> {
        start.await();
        try {
          // the holder's TTL has passed: every one of them may take it over
          lock("host-a", true).acquire(owner, "deploy", "", Duration.ofMinutes(30));
          return true;
        } catch (LockHeldException e) {
          return false;
        }
      }));
    }
    start.countDown();
    int winners = 0;
    for (Future<Boolean> result : results) {
      winners += result.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
    assertThat(lock("host-b", true).status().orElseThrow().info().owner()).startsWith("owner-");
  }
}
