package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.monitor.FailureTracker.Transition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureTrackerTest {

  private final FailureTracker tracker = new FailureTracker(3);

  @Test
  void countsConsecutiveFailuresAndResetsOnRecovery() {
    assertThat(tracker.record("a", true, true).transition()).isEqualTo(Transition.STARTED_FAILING);
    assertThat(tracker.record("a", true, true).transition()).isEqualTo(Transition.STILL_FAILING);
    assertThat(tracker.consecutiveFailures("a")).isEqualTo(2);

    assertThat(tracker.record("a", false, true).transition()).isEqualTo(Transition.RECOVERED);
    assertThat(tracker.consecutiveFailures("a")).isZero();
    assertThat(tracker.record("a", false, true).transition()).isEqualTo(Transition.PASSING);
  }

  @Test
  void rollbackIsDueOnceAtTheThresholdForTheWholeIncident() {
    int due = 0;
    for (int i = 0; i < 10; i++) {
      due += tracker.record("a", true, true).rollbackDue() ? 1 : 0;
      due += tracker.record("b", true, true).rollbackDue() ? 1 : 0;
    }

    assertThat(due).isEqualTo(1);
    assertThat(tracker.failing()).isEqualTo(Map.of("a", 10, "b", 10));
  }

  @Test
  void aNewIncidentAfterFullRecoveryMayRollBackAgain() {
    for (int i = 0; i < 3; i++) {
      tracker.record("a", true, true);
    }
    tracker.record("b", true, true);
    tracker.record("a", false, true);
    assertThat(tracker.record("b", true, true).rollbackDue()).as("b is still failing: same incident").isFalse();
    tracker.record("b", false, true);

    tracker.record("a", true, true);
    tracker.record("a", true, true);
    assertThat(tracker.record("a", true, true).rollbackDue()).isTrue();
  }

  @Test
  void flappingBelowTheThresholdNeverRollsBack() {
    for (int i = 0; i < 20; i++) {
      assertThat(tracker.record("a", i % 3 != 2, true).rollbackDue()).isFalse();
    }
  }

  @Test
  void anImmediateTriggerCountsAsTheIncidentsRollback() {
    assertThat(tracker.trigger()).isTrue();
    assertThat(tracker.trigger()).isFalse();
    for (int i = 0; i < 5; i++) {
      assertThat(tracker.record("a", true, true).rollbackDue()).isFalse();
    }
  }

  @Test
  void warningFailuresAreCountedButNeverRollBack() {
    for (int i = 0; i < 10; i++) {
      assertThat(tracker.record("cpu", true, false).rollbackDue()).isFalse();
    }

    assertThat(tracker.consecutiveFailures("cpu")).isEqualTo(10);
    assertThat(tracker.failing()).containsEntry("cpu", 10);
  }

  @Test
  void aWarningStillFailingDoesNotKeepAnIncidentOpen() {
    for (int i = 0; i < 3; i++) {
      tracker.record("cpu", true, false);
      tracker.record("a", true, true);
    }
    tracker.record("a", false, true);
    tracker.record("cpu", true, false);

    tracker.record("a", true, true);
    tracker.record("a", true, true);
    assertThat(tracker.record("a", true, true).rollbackDue()).as("a new incident while cpu still warns").isTrue();
  }
}
