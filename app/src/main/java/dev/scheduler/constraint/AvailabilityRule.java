package dev.scheduler.constraint;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * A constraint: a member or a resource is unavailable on the given days between {@code from}
 * and {@code until} (local time; {@code until} before {@code from} crosses midnight).
 */
public record AvailabilityRule(long id, Long memberId, Long resourceId, Set<DayOfWeek> days, LocalTime from,
        LocalTime until, String reason) {

    /** Whether an event over {@code [start, end)} falls into one of this rule's unavailable windows. */
    public boolean blocks(Instant start, Instant end, ZoneId zone) {
        LocalDate first = start.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = end.atZone(zone).toLocalDate();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant windowStart = day.atTime(from).atZone(zone).toInstant();
            LocalDate untilDay = until.isAfter(from) ? day : day.plusDays(1);
            Instant windowEnd = untilDay.atTime(until).atZone(zone).toInstant();
            if (windowStart.isBefore(end) && start.isBefore(windowEnd)) {
                return true;
            }
        }
        return false;
    }

    /** Who the rule is about, for messages: {@code member 3} or {@code resource 2}. */
    public String subject() {
        return memberId != null ? "member " + memberId : "resource " + resourceId;
    }
}
