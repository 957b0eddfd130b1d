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
}
