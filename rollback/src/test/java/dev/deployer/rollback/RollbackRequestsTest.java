package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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

  @Test
  void requestsRecordedBeforeTheMonitorsFieldsWereKeptAreStillRead() throws Exception {
    RollbackRequests requests = new RollbackRequests(state);
    Files.createDirectories(requests.directory());
    Files.writeString(requests.directory().resolve("rb-20261124-070000-abcd.json"), """
        {
          "id" : "rb-20261124-070000-abcd",
          "environment" : "production",
          "created" : "2026-11-24T07:00:00Z",
          "trigger" : "deploy",
          "reason" : "verification failed",
          "fromRelease" : "r2",
          "toRelease" : "r1",
          "requestedBy" : "ci@host",
          "status" : "approved",
          "decidedBy" : "alice@host",
          "decidedAt" : "2026-11-24T07:05:00Z",
          "result" : null,
          "report" : null
        }
        """);
    Files.writeString(requests.directory().resolve("rb-20261124-060000-beef.json"), """
        {
          "id" : "rb-20261124-060000-beef",
          "time" : "2026-11-24T06:00:00Z",
          "environment" : "production",
          "project" : "scheduler",
          "trigger" : "readiness api",
          "reason" : "failed 5 consecutive times",
          "failingChecks" : [ "readiness api" ],
          "requiresConfirmation" : true,
          "status" : "pending"
        }
        """);

    RollbackRequest approved = requests.find("rb-20261124-070000-abcd").orElseThrow();
    assertThat(approved.created()).isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));
    assertThat(approved.toRelease()).isEqualTo("r1");
    assertThat(approved.decidedBy()).isEqualTo("alice@host");
    assertThat(approved.status()).isEqualTo(RollbackRequest.APPROVED);
    assertThat(approved.project()).isNull();
    assertThat(approved.failingChecks()).isEmpty();
    assertThat(approved.requiresConfirmation()).isFalse();
    RollbackRequest monitors = requests.find("rb-20261124-060000-beef").orElseThrow();
    assertThat(monitors.created()).isEqualTo(Instant.parse("2026-11-24T06:00:00Z"));
    assertThat(monitors.failingChecks()).containsExactly("readiness api");
    assertThat(requests.pending()).extracting(RollbackRequest::id).containsExactly("rb-20261124-060000-beef");
    assertThat(requests.list()).extracting(RollbackRequest::id)
        .containsExactly("rb-20261124-070000-abcd", "rb-20261124-060000-beef");
  }

  @Test
  void aRecordedRequestWaitsForApprovalAndKeepsThePersistedFieldNames() throws Exception {
    RollbackRequests requests = new RollbackRequests(state);
    RollbackRequest created = requests.create("rb-1", "production", "monitor", "readiness api: down", "r2", "r1",
        new Actor("monitor", "host"));

    assertThat(created.requiresConfirmation()).isTrue();
    assertThat(Files.readString(requests.directory().resolve("rb-1.json"))).contains("\"created\" :")
        .contains("\"fromRelease\" : \"r2\"").contains("\"requestedBy\" : \"monitor@host\"")
        .contains("\"status\" : \"pending\"").doesNotContain("\"time\"");
  }
}
