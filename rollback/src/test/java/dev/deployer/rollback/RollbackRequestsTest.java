package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackRequestsTest {

  @TempDir
  Path state;

  @Test
  void aRequestWaitsUntilDecided() {
    RollbackRequests requests = new RollbackRequests(state);
    RollbackRequest created = requests.create("production", "monitor", "5 consecutive health failures", "r2", "r1",
        new Actor("monitor", "host"));

    assertThat(requests.pending()).extracting(RollbackRequest::id).containsExactly(created.id());
    requests.update(created.id(), r -> r.decided(RollbackRequest.APPROVED, "alice@host", Instant.now()));

    assertThat(requests.pending()).isEmpty();
    assertThat(requests.find(created.id()).orElseThrow().decidedBy()).isEqualTo("alice@host");
  }

  @Test
  void aNewRequestSupersedesTheOnesStillPending() {
    RollbackRequests requests = new RollbackRequests(state);
    Actor ci = new Actor("ci", "host");
    RollbackRequest first = requests.create("production", "deploy", "verification failed", "r2", "r1", ci);
    RollbackRequest decided = requests.create("production", "deploy", "verification failed", "r3", "r1", ci);
    requests.update(decided.id(), r -> r.decided(RollbackRequest.REJECTED, "alice@host", Instant.now()));
    RollbackRequest pendingAgain = requests.create("production", "deploy", "verification failed", "r4", "r1", ci);

    RollbackRequest newest = requests.create("production", "monitor", "5 consecutive health failures", "r4", "r1",
        new Actor("monitor", "host"));

    assertThat(requests.pending()).extracting(RollbackRequest::id).containsExactly(newest.id());
    RollbackRequest superseded = requests.find(pendingAgain.id()).orElseThrow();
    assertThat(superseded.status()).isEqualTo(RollbackRequest.SUPERSEDED);
    assertThat(superseded.result()).isEqualTo("superseded by " + newest.id());
    assertThat(requests.find(first.id()).orElseThrow().status()).as("superseded when r3's was made")
        .isEqualTo(RollbackRequest.SUPERSEDED);
    assertThat(requests.find(decided.id()).orElseThrow().status()).isEqualTo(RollbackRequest.REJECTED);
  }
}
