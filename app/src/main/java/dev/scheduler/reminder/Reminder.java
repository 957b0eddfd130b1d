package dev.scheduler.reminder;

import java.time.OffsetDateTime;

/** A reminder of an event, fired once by a worker at {@code remindAt}. */
public record Reminder(long id, long eventId, OffsetDateTime remindAt, String message, String channel,
        OffsetDateTime sentAt) {
}
