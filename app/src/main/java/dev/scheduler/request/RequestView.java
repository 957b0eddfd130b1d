package dev.scheduler.request;

import java.time.OffsetDateTime;
import java.util.UUID;

import dev.scheduler.event.ConflictReport;
import dev.scheduler.event.Event;

/**
 * A request as clients see it: {@code pending}; {@code done} with the event; {@code conflict}
 * with what is in the way and suggested slots; or {@code rejected} with the reason.
 */
record RequestView(UUID id, String message, String status, String reason, Event event, ConflictReport conflict,
        int attempts, OffsetDateTime createdAt, OffsetDateTime finishedAt) {
}
