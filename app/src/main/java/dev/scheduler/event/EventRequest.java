package dev.scheduler.event;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /events} and {@code PUT /events/{id}}; times are ISO-8601 with an offset. */
record EventRequest(
        @NotBlank @Size(max = 200) String title,
        @NotNull OffsetDateTime start,
        @NotNull OffsetDateTime end,
        @Size(max = 200) String location,
        @Size(max = 50) List<@NotNull Long> participantIds,
        @Size(max = 50) List<@NotNull Long> resourceIds) {

    EventDraft toDraft() {
        return EventDraft.of(title.trim(), start.toInstant(), end.toInstant(), location, participantIds, resourceIds);
    }
}
