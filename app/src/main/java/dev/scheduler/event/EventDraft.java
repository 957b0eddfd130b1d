package dev.scheduler.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** An event to create or to change to, before it is checked for conflicts. */
public record EventDraft(String title, Instant start, Instant end, String location, SortedSet<Long> memberIds,
        SortedSet<Long> resourceIds) {

    public EventDraft {
        memberIds = new TreeSet<>(memberIds == null ? List.of() : memberIds);
        resourceIds = new TreeSet<>(resourceIds == null ? List.of() : resourceIds);
    }

    public static EventDraft of(String title, Instant start, Instant end, String location, List<Long> memberIds,
            List<Long> resourceIds) {
        return new EventDraft(title, start, end, location,
                new TreeSet<>(memberIds == null ? List.of() : memberIds),
                new TreeSet<>(resourceIds == null ? List.of() : resourceIds));
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
