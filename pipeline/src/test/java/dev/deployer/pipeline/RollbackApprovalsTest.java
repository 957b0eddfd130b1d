package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's decisions on rollback requests, without an engine: listing, rejecting, what an approval does. */
class RollbackApprovalsTest {

  private static final Actor OPERATOR = new Actor("alice", "ops-1");

  @TempDir
  Path state;

  private RollbackApprovals approvals() {
    return new RollbackApprovals(new DeployRequest("production", state.resolve("config.yaml"), state, Map.of(), null),
        OPERATOR);
  }

  @Test
  void listsPendingRequestsFirst() throws Exception {
    RollbackRequests requests = new RollbackRequests(state);
    requests.create("rb-1", "production", "monitor", "api down", "r2", "r1", new Actor("monitor", "ops-1"));
    requests.create("rb-2", "staging", "deploy", "verify failed", "r5", "r4", new Actor("deployer", "ops-1"));
    approvals().reject("rb-2", null);
    Thread.sleep(5); // the next request is the newest
    requests.create("rb-3", "staging", "deploy", "verify failed", "r6", "r4", new Actor("deployer", "ops-1"));

    assertThat(approvals().list()).extracting(RollbackRequest::id).containsExactly("rb-3", "rb-1", "rb-2");
  }

  @Test
  void rejectingClosesTheRequestAndAuditsWhoAndWhy() throws Exception {
    new RollbackRequests(state).create("rb-1", "production", "monitor", "api down", "r2", "r1",
        new Actor("monitor", "ops-1"));

    RollbackRequest rejected = approvals().reject("rb-1", "a false alarm");

    assertThat(rejected.status()).isEqualTo(RollbackRequest.REJECTED);
    assertThat(rejected.decidedBy()).isEqualTo(OPERATOR.toString());
    assertThat(new RollbackRequests(state).find("rb-1")).contains(rejected);
    AuditRecord record = new AuditLog(state).read().get(0);
    assertThat(record.action()).isEqualTo("reject");
    assertThat(record.user()).isEqualTo("alice");
    assertThat(record.reason()).isEqualTo("a false alarm");
    assertThat(record.details()).containsEntry("request", "rb-1");
    assertThatThrownBy(() -> approvals().reject("rb-1", null)).isInstanceOf(PipelineException.class)
        .hasMessage("rollback request rb-1 is rejected, not pending")
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(PipelineException.Kind.BAD_CONFIG);
  }

  @Test
  void anApprovalGoesToTheRequestsTargetForItsTriggerUnlessTheOperatorNamesAnother() throws Exception {
    new RollbackRequests(state).create("rb-1", "production", "monitor", "api down", "r2", "r1",
        new Actor("monitor", "ops-1"));

    RollbackApprovals.Approval approval = approvals().approval("rb-1", null, null);
    assertThat(approval.target()).isEqualTo("r1");
    assertThat(approval.trigger()).isEqualTo(new RollbackService.Trigger("monitor", "api down", "rb-1"));

    RollbackApprovals.Approval elsewhere = approvals().approval("rb-1", "r0", "r1 has the same bug");
    assertThat(elsewhere.target()).isEqualTo("r0");
    assertThat(elsewhere.trigger().reason()).isEqualTo("api down; r1 has the same bug");
    assertThat(new RollbackRequests(state).find("rb-1").orElseThrow().pending()).as("nothing decided yet").isTrue();
  }

  @Test
  void anUnknownRequestCannotBeApproved() {
    assertThatThrownBy(() -> approvals().approval("rb-9", null, null)).isInstanceOf(PipelineException.class)
        .hasMessage("no rollback request rb-9");
  }
}
