package dev.scheduler.event;

import java.time.Instant;
import java.util.List;

/** Why an event cannot be booked as asked, and up to three free slots of the same length. */
public record ConflictReport(List<ConflictingEvent> conflicts, List<ViolatedConstraint> constraints,
        List<TimeSlot> suggestions) {

    /** Nothing in the way: no overlapping event, no broken constraint. */
    public boolean free() {
        return conflicts.isEmpty() && constraints.isEmpty();
    }

    /** An existing event that overlaps and shares members or resources with the draft. */
    public record ConflictingEvent(long id, String title, Instant start, Instant end, List<Long> sharedMemberIds,
            List<Long> sharedResourceIds) {
    }

    /** A constraint the draft falls into. */
    public record ViolatedConstraint(long id, Long memberId, Long resourceId, String reason) {
    }
}
