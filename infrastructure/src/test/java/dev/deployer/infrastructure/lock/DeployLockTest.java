package dev.deployer.infrastructure.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeployLockTest {

  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  final MemoryLockRecords records = new MemoryLockRecords();

  DeployLock lock(Instant now, boolean processAlive) {
    return new DeployLock(records, "staging", Clock.fixed(now, ZoneOffset.UTC), "host-a", pid -> processAlive);
  }

  @Test
  void recordsOwnerHostPidTimeAndMessage() throws Exception {
    DeployLock.Acquired acquired = lock(NOW, true).acquire("ci", "deploy-and-verify", "release 42", Duration.ofMinutes(30));

    LockState state = lock(NOW, true).status().orElseThrow();
    assertThat(state.stale()).isFalse();
    assertThat(state.info()).isEqualTo(acquired.info());
    assertThat(state.info().owner()).isEqualTo("ci");
    assertThat(state.info().host()).isEqualTo("host-a");
    assertThat(state.info().pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(state.info().started()).isEqualTo(NOW);
    assertThat(state.info().message()).isEqualTo("release 42");
    assertThat(acquired.replaced()).isNull();
  }

  @Test
  void aSecondAcquireIsRefusedWithTheHolderNamed() throws Exception {
    lock(NOW, true).acquire("alice", "deploy", "", Duration.ofMinutes(30));

    assertThatThrownBy(() -> lock(NOW.plusSeconds(60), true).acquire("bob", "deploy", "", Duration.ofMinutes(30)))
        .isInstanceOf(LockHeldException.class)
        .hasMessageContaining("alice@host-a")
        .hasMessageContaining("lock release --force");
  }

  @Test
  void anExpiredLockIsStaleAndTakenOver() throws Exception {
    lock(NOW, true).acquire("alice", "deploy", "", Duration.ofMinutes(30));

    DeployLock later = lock(NOW.plus(Duration.ofMinutes(31)), true);
    assertThat(later.status().orElseThrow().staleReason()).contains("TTL");
    DeployLock.Acquired acquired = later.acquire("bob", "deploy", "", Duration.ofMinutes(30));

    assertThat(acquired.replaced().info().owner()).isEqualTo("alice");
    assertThat(later.status().orElseThrow().info().owner()).isEqualTo("bob");
  }

  @Test
  void ofTwoDeployersTakingOverOneStaleLockOnlyOneGetsIt() throws Exception {
    lock(NOW, true).acquire("alice", "deploy", "", Duration.ofMinutes(1));
    DeployLock later = lock(NOW.plus(Duration.ofMinutes(2)), true);
    String staleKey = records.read().orElseThrow().key();

    later.acquire("bob", "deploy", "", Duration.ofMinutes(30));
    // carol judged alice's lock stale too; removing it by its key now finds bob's lock in its place
    assertThat(records.remove(staleKey)).isFalse();
    assertThatThrownBy(() -> later.acquire("carol", "deploy", "", Duration.ofMinutes(30)))
        .isInstanceOf(LockHeldException.class).hasMessageContaining("bob@host-a");
  }

  @Test
  void aRenewedLockOutlivesItsFirstTtlAndOnlyItsHolderRenewsIt() throws Exception {
    DeployLock.Acquired acquired = lock(NOW, true).acquire("alice", "deploy", "", Duration.ofMinutes(30));

    assertThat(lock(NOW.plus(Duration.ofMinutes(20)), true).renew(acquired.info().token())).isTrue();
    assertThat(lock(NOW.plus(Duration.ofMinutes(20)), true).renew("someone else's token")).isFalse();

    LockState later = lock(NOW.plus(Duration.ofMinutes(45)), true).status().orElseThrow();
    assertThat(later.stale()).as("30 min after the renewal, not after the start").isFalse();
    assertThat(later.info().started()).isEqualTo(NOW);
    assertThat(later.info().token()).isEqualTo(acquired.info().token());
    assertThat(lock(NOW.plus(Duration.ofMinutes(51)), true).status().orElseThrow().staleReason())
        .contains("TTL", "last renewed " + NOW.plus(Duration.ofMinutes(20)));
  }

  @Test
  void keepRenewedRenewsUntilClosed() throws Exception {
    DeployLock lock = new DeployLock(records, "staging", Clock.systemUTC(), "host-a", pid -> true);
    DeployLock.Acquired acquired = lock.acquire("alice", "deploy", "", Duration.ofMinutes(30));

    try (DeployLock.Renewal renewal = lock.keepRenewed(acquired.info().token(), Duration.ofMillis(20))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> lock.status().orElseThrow().info().renewed() != null);
    }
    Thread.sleep(50); // a renewal that was writing when it closed
    Instant last = lock.status().orElseThrow().info().renewed();
    Thread.sleep(100);
    assertThat(lock.status().orElseThrow().info().renewed()).as("no renewal after close").isEqualTo(last);
  }

  @Test
  void aLockWhoseProcessIsGoneOnThisHostIsStale() throws Exception {
    lock(NOW, true).acquire("alice", "deploy", "", Duration.ofMinutes(30));

    assertThat(lock(NOW, false).status().orElseThrow().staleReason()).contains("is gone");
    DeployLock otherHost = new DeployLock(records, "staging", Clock.fixed(NOW, ZoneOffset.UTC), "host-b",
        pid -> false);
    assertThat(otherHost.status().orElseThrow().stale()).isFalse();
  }

  @Test
  void aLockTakenByHandOutlivesItsCommandUntilItsTtl() throws Exception {
    lock(NOW, false).acquire("alice", "manual", "maintenance", Duration.ofMinutes(60), false);

    assertThat(lock(NOW.plusSeconds(600), false).status().orElseThrow().stale()).isFalse();
    assertThat(lock(NOW.plus(Duration.ofMinutes(61)), false).status().orElseThrow().stale()).isTrue();
  }

  @Test
  void releaseRemovesOnlyOurOwnLock() throws Exception {
    DeployLock.Acquired first = lock(NOW, true).acquire("alice", "deploy", "", Duration.ofMinutes(1));
    DeployLock later = lock(NOW.plus(Duration.ofMinutes(2)), true);
    later.acquire("bob", "deploy", "", Duration.ofMinutes(30));

    assertThat(later.release(first.info().token())).isFalse();
    assertThat(later.status()).isPresent();
    assertThat(later.forceRelease().orElseThrow().info().owner()).isEqualTo("bob");
    assertThat(later.status()).isEmpty();
  }

  @Test
  void exactlyOneOfManyConcurrentAcquirersWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String owner = "owner-" + i;
      Callable<Boolean> attempt = () -> {
        start.await();
        try {
          lock(NOW, true).acquire(owner, "deploy", "", Duration.ofMinutes(30));
          return true;
        } catch (LockHeldException e) {
          return false;
        }
      };
      results.add(pool.submit(attempt));
    }
    start.countDown();
    int winners = 0;
    for (Future<Boolean> result : results) {
      winners += result.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
  }

  @Test
  void somethingElseInTheLocksPlaceIsHeldAndNeverTakenOver() {
    records.foreign();

    assertThat(lock(NOW.plus(Duration.ofDays(1)), false).status().orElseThrow().stale()).isFalse();
    assertThatThrownBy(() -> lock(NOW, true).acquire("bob", "deploy", "", Duration.ofMinutes(30)))
        .isInstanceOf(LockHeldException.class).hasMessageContaining("not a deploy lock");
  }
}
