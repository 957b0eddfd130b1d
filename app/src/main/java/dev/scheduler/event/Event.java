package dev.scheduler.event;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A scheduled event with who takes part and what it books. */
public record Event(long id, String title, OffsetDateTime start, OffsetDateTime end, String location,
        List<Long> participantIds, List<Long> resourceIds, UUID requestId) {
}
