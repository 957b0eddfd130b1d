package dev.scheduler.event;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.scheduler.constraint.AvailabilityRule;

/**
 * Finds free slots of a given length after a wanted start: candidates are the wanted start plus
 * whole steps, and the ends of busy intervals; the earliest that overlap nothing and break no
 * constraint win. Pure, so conflict suggestions are tested without a database.
 */
public final class SlotFinder {

    static final Duration STEP = Duration.ofMinutes(30);
    static final Duration HORIZON = Duration.ofDays(14);

    private final ZoneId zone;

    public SlotFinder(ZoneId zone) {
        this.zone = zone;
    }

    public List<TimeSlot> find(Instant wantedStart, Duration length, List<TimeSlot> busy, List<AvailabilityRule> rules,
            Instant notBefore, int limit) {
        Instant last = wantedStart.plus(HORIZON);
        TreeSet<Instant> candidates = new TreeSet<>();
        for (Instant t = wantedStart.plus(STEP); !t.isAfter(last); t = t.plus(STEP)) {
            candidates.add(t);
        }
        for (TimeSlot slot : busy) {
            if (slot.end().isAfter(wantedStart) && !slot.end().isAfter(last)) {
                candidates.add(slot.end());
            }
        }
        List<TimeSlot> found = new ArrayList<>();
        for (Instant start : candidates) {
            if (found.size() == limit) {
                break;
            }
            Instant end = start.plus(length);
            if (start.isBefore(notBefore) || isBusy(start, end, busy) || isBlocked(start, end, rules)) {
                continue;
            }
            found.add(new TimeSlot(start, end));
        }
        return found;
    }

    private static boolean isBusy(Instant start, Instant end, List<TimeSlot> busy) {
        return busy.stream().anyMatch(slot -> slot.overlaps(start, end));
    }

    private boolean isBlocked(Instant start, Instant end, List<AvailabilityRule> rules) {
        return rules.stream().anyMatch(rule -> rule.blocks(start, end, zone));
    }
}
