package dev.scheduler.event;

import java.time.Instant;

/** A half-open time range {@code [start, end)}. */
public record TimeSlot(Instant start, Instant end) {

    public boolean overlaps(Instant otherStart, Instant otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }
}
